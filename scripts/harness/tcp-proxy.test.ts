import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An echo server that records, per accepted connection, whether it saw an end or a reset. */
async function startEcho() {
  const seen: { ended: boolean; closed: boolean; received: string }[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const record = { ended: false, closed: false, received: '' };
    seen.push(record);
    sockets.add(socket);
    socket.on('data', (d: Buffer) => {
      record.received += d.toString();
      socket.write(d);
    });
    socket.on('end', () => {
      record.ended = true;
      socket.end();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      record.closed = true;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    seen,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A client that collects what it receives and every way its connection can end. */
async function connect(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  const state = { data: '', ended: false, closed: false, error: null as string | null };
  socket.on('data', (d: Buffer) => (state.data += d.toString()));
  socket.on('end', () => (state.ended = true));
  socket.on('close', () => (state.closed = true));
  socket.on('error', (e: Error) => (state.error = e.message));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, state };
}

async function until(check: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ proxy: TcpProxy; echo: Awaited<ReturnType<typeof startEcho>> }> {
  const echo = await startEcho();
  cleanups.push(() => echo.close());
  const proxy = await startTcpProxy(echo.port);
  cleanups.push(() => proxy.close());
  return { proxy, echo };
}

describe('startTcpProxy', () => {
  it('listens on its own free loopback port and forwards both ways, counting bytes', async () => {
    const { proxy, echo } = await setup();
    expect(proxy.port).toBeGreaterThan(0);
    expect(proxy.port).not.toBe(echo.port);
    const a = await connect(proxy.port);
    cleanups.push(() => void a.socket.destroy());
    a.socket.write('hello');
    await until(() => a.state.data === 'hello');
    expect(proxy.connections()).toEqual([{ id: 1, state: 'forwarding', bytesUp: 5, bytesDown: 5 }]);
    // Ends travel too: the client's end reaches the target, whose end comes back.
    a.socket.end();
    await until(() => a.state.closed);
    expect(echo.seen[0]).toMatchObject({ ended: true, received: 'hello' });
    expect(proxy.connections()[0]!.state).toBe('closed');
  });

  it('drop: an open connection goes silent with no FIN or RST either way, and stays silent after the restore', async () => {
    const { proxy, echo } = await setup();
    const old = await connect(proxy.port);
    cleanups.push(() => void old.socket.destroy());
    old.socket.write('a');
    await until(() => old.state.data === 'a');

    proxy.blackhole(true);
    old.socket.write('b');
    // A new connection is still accepted (the handshake completes), then nothing flows.
    const during = await connect(proxy.port);
    cleanups.push(() => void during.socket.destroy());
    during.socket.write('c');
    await sleep(300);
    expect(old.state).toEqual({ data: 'a', ended: false, closed: false, error: null });
    expect(during.state).toEqual({ data: '', ended: false, closed: false, error: null });
    expect(echo.seen).toHaveLength(1); // the one accepted during the black hole never reached the target
    expect(echo.seen[0]).toEqual({ ended: false, closed: false, received: 'a' });

    // The application gives up on a connection: its end is swallowed too, and no FIN comes back.
    old.socket.end();
    await sleep(200);
    expect(old.state.closed).toBe(false);
    expect(echo.seen[0]!.ended).toBe(false);

    proxy.blackhole(false);
    during.socket.write('d');
    const fresh = await connect(proxy.port);
    cleanups.push(() => void fresh.socket.destroy());
    fresh.socket.write('e');
    await until(() => fresh.state.data === 'e');
    await sleep(100);
    expect(during.state.data).toBe('');
    expect(echo.seen.map((s) => s.received)).toEqual(['a', 'e']);
    expect(proxy.connections().map(({ id, state }) => ({ id, state }))).toEqual([
      { id: 1, state: 'silent' },
      { id: 2, state: 'silent' },
      { id: 3, state: 'forwarding' },
    ]);
  });

  it('hold: what was sent during the black hole arrives after the restore, on old and new connections', async () => {
    const { proxy, echo } = await setup();
    const old = await connect(proxy.port);
    cleanups.push(() => void old.socket.destroy());
    old.socket.write('1');
    await until(() => old.state.data === '1');
    proxy.blackhole(true, 'hold');
    old.socket.write('2');
    const during = await connect(proxy.port);
    cleanups.push(() => void during.socket.destroy());
    during.socket.write('x');
    await sleep(200);
    expect(old.state.data).toBe('1');
    expect(during.state.data).toBe('');
    expect(echo.seen.map((s) => s.received)).toEqual(['1']);

    proxy.blackhole(false);
    await until(() => old.state.data === '12' && during.state.data === 'x');
    expect(echo.seen.map((s) => s.received)).toEqual(['12', 'x']);
    expect(old.state.closed || during.state.closed).toBe(false);
  });

  it('without a black hole, a target that dies closes the client connection', async () => {
    const { proxy, echo } = await setup();
    const a = await connect(proxy.port);
    cleanups.push(() => void a.socket.destroy());
    a.socket.write('z');
    await until(() => a.state.data === 'z');
    await echo.close();
    await until(() => a.state.closed);
    // Nothing listens behind the proxy now: a new connection is closed at once.
    const b = await connect(proxy.port);
    cleanups.push(() => void b.socket.destroy());
    await until(() => b.state.closed);
  });

  it('close() ends every connection, silent ones included, and frees the port', async () => {
    const { proxy } = await setup();
    const a = await connect(proxy.port);
    proxy.blackhole(true);
    const b = await connect(proxy.port);
    await proxy.close();
    await until(() => a.state.closed && b.state.closed);
    await expect(connect(proxy.port)).rejects.toThrow(/ECONNREFUSED/);
  });
});
