import net from 'node:net';

/**
 * A fake Redis on a free loopback port that answers each command with whatever bytes `reply`
 * returns, for the hostile replies a real server cannot be made to send (a 4 GB bulk header, an
 * unterminated simple string, 100k-deep arrays). Commands are parsed as RESP arrays of bulk
 * strings (what ioredis sends); `reply` returning a Buffer or string writes it, null stays silent.
 */
export type FakeReply = (command: string[]) => string | Buffer | null;

/** RESP encoders for the replies a test writes by hand. */
export const resp = {
  ok: '+OK\r\n',
  error: (text: string) => `-${text.replace(/[\r\n]/g, ' ')}\r\n`,
  bulk: (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`,
  array: (items: string[]) => `*${items.length}\r\n${items.map((i) => resp.bulk(i)).join('')}`,
};

export interface FakeResp {
  url: string;
  port: number;
  /** Every command received, upper-cased name first. */
  commands: string[][];
  close(): Promise<void>;
}

/** The reply of a well-behaved Redis 7.2 to everything the poller sends, for the parts a test does not replace. */
export function normalReply(command: string[], info: Record<string, string> = {}): string {
  const name = command[0]!.toUpperCase();
  if (name === 'INFO') {
    const fields = {
      redis_version: '7.2.4',
      mem_allocator: 'jemalloc-5.3.0',
      run_id: 'f'.repeat(40),
      used_memory: '1000000',
      used_memory_rss: '2000000',
      ...info,
    };
    return resp.bulk(
      `# Server\r\n${Object.entries(fields)
        .map(([k, v]) => `${k}:${v}`)
        .join('\r\n')}\r\n`,
    );
  }
  if (name === 'CONFIG' && command[1]?.toUpperCase() === 'GET') return '*2\r\n$12\r\nactivedefrag\r\n$2\r\nno\r\n';
  if (name === 'CONFIG' && command[1]?.toUpperCase() === 'SET')
    return "-ERR CONFIG SET failed (possibly related to argument 'active-defrag-cycle-min') - argument must be between 1 and 99 inclusive\r\n";
  if (name === 'LATENCY') return '*0\r\n';
  if (name === 'PING') return '+PONG\r\n';
  return '+OK\r\n';
}

/** Parses complete RESP command arrays off the front of `buffer`; returns them and the rest. */
function parseCommands(buffer: Buffer): { commands: string[][]; rest: Buffer } {
  const commands: string[][] = [];
  let pos = 0;
  outer: while (pos < buffer.length) {
    if (buffer[pos] !== 0x2a) break; // '*'
    let eol = buffer.indexOf('\r\n', pos);
    if (eol < 0) break;
    const count = Number(buffer.toString('latin1', pos + 1, eol));
    let at = eol + 2;
    const args: string[] = [];
    for (let i = 0; i < count; i++) {
      eol = buffer.indexOf('\r\n', at);
      if (eol < 0) break outer;
      const length = Number(buffer.toString('latin1', at + 1, eol));
      if (eol + 2 + length + 2 > buffer.length) break outer;
      args.push(buffer.toString('utf8', eol + 2, eol + 2 + length));
      at = eol + 2 + length + 2;
    }
    commands.push(args);
    pos = at;
  }
  return { commands, rest: buffer.subarray(pos) };
}

export async function startFakeResp(reply: FakeReply): Promise<FakeResp> {
  const commands: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseCommands(buffer);
      buffer = Buffer.from(parsed.rest);
      for (const command of parsed.commands) {
        commands.push(command);
        const answer = reply(command);
        if (answer !== null && !socket.destroyed) socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
