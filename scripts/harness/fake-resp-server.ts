import net from 'node:net';

/**
 * A tiny RESP server on loopback for what a real Redis cannot be made to do (an error text that
 * echoes the password, a hostile reply). `reply` gets each command (upper-cased name first) and
 * answers raw RESP; AUTH, PING and the ready check's INFO have harmless defaults.
 */
export interface FakeRespServer {
  port: number;
  /** Every command received, in order. */
  commands: string[][];
  close(): Promise<void>;
}

export const resp = {
  ok: '+OK\r\n',
  error: (text: string) => `-${text.replace(/[\r\n]/g, ' ')}\r\n`,
  bulk: (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`,
  array: (items: string[]) => `*${items.length}\r\n${items.map((i) => resp.bulk(i)).join('')}`,
};

const INFO_SERVER = '# Server\r\nredis_version:7.2.4\r\nredis_mode:standalone\r\nrun_id:0123456789abcdef0123456789abcdef01234567\r\n';

export async function startFakeRespServer(reply: (command: string[]) => string | null): Promise<FakeRespServer> {
  const commands: string[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    let buffer = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseCommand(buffer);
        if (!parsed) break;
        buffer = buffer.subarray(parsed.used);
        const command = [parsed.args[0]!.toUpperCase(), ...parsed.args.slice(1)];
        commands.push(command);
        const answer = reply(command) ?? defaults(command);
        socket.write(answer);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    commands,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function defaults(command: string[]): string {
  if (command[0] === 'INFO') return resp.bulk(INFO_SERVER);
  if (command[0] === 'PING') return '+PONG\r\n';
  return resp.ok;
}

/** One `*N` array of bulk strings from the front of the buffer, or null while it is incomplete. */
function parseCommand(buffer: Buffer): { args: string[]; used: number } | null {
  const text = buffer.toString('latin1');
  if (!text.startsWith('*')) return null;
  let at = text.indexOf('\r\n');
  if (at < 0) return null;
  const count = Number(text.slice(1, at));
  at += 2;
  const args: string[] = [];
  for (let i = 0; i < count; i++) {
    const lineEnd = text.indexOf('\r\n', at);
    if (lineEnd < 0 || text[at] !== '$') return null;
    const length = Number(text.slice(at + 1, lineEnd));
    const start = lineEnd + 2;
    if (text.length < start + length + 2) return null;
    args.push(buffer.subarray(start, start + length).toString('utf8'));
    at = start + length + 2;
  }
  return { args, used: at };
}
