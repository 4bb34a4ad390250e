import net from 'node:net';

/**
 * A loopback TCP proxy for fault tests: it forwards byte for byte until it is told to black-hole
 * the traffic. A black hole is what a dead path or a middlebox that lost its state looks like to
 * an application: connections are still accepted, nothing is forwarded in either direction, and
 * nothing is ever closed by the proxy (no FIN, no RST), so only a timeout can tell.
 *
 * - `drop` (the default): whatever is sent while black-holed is lost. A connection that was open
 *   or accepted during the black hole stays silent for good, even after the path is restored
 *   (resuming it could hand Redis half a command). Only connections accepted later forward.
 * - `hold`: bytes and closes wait in the proxy and flow when the path is restored, like TCP
 *   retransmitting across a short outage; a connection accepted meanwhile reaches the target then.
 */
export type BlackholeMode = 'drop' | 'hold';

export type ConnectionState = 'forwarding' | 'held' | 'silent' | 'closed';

export interface ProxyConnection {
  /** 1 for the first connection accepted, then 2, 3, ... */
  id: number;
  state: ConnectionState;
  /** Bytes forwarded to the target, and back to the client. */
  bytesUp: number;
  bytesDown: number;
}

export interface TcpProxy {
  /** The loopback port the proxy listens on (a free one, chosen by the kernel). */
  port: number;
  /** Start (true) or stop (false) black-holing. Stopping revives `hold` connections, never `drop` ones. */
  blackhole(on: boolean, mode?: BlackholeMode): void;
  /** Every connection accepted so far, in order. */
  connections(): ProxyConnection[];
  /** Destroys every connection and stops listening. */
  close(): Promise<void>;
}

interface Pair extends ProxyConnection {
  client: net.Socket;
  upstream: net.Socket | null;
  /** In `hold` mode: chunks (null = the sender's end) waiting per direction. */
  queued: { up: (Buffer | null)[]; down: (Buffer | null)[] };
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const pairs: Pair[] = [];
  let blackholed: BlackholeMode | null = null;

  const closePair = (pair: Pair) => {
    pair.state = 'closed';
    pair.client.destroy();
    pair.upstream?.destroy();
  };

  /** One chunk, or the sender's end (`null`), handled by the pair's state. */
  const relay = (pair: Pair, chunk: Buffer | null, direction: 'up' | 'down') => {
    if (pair.state === 'held') pair.queued[direction].push(chunk);
    if (pair.state !== 'forwarding') return;
    const out = direction === 'up' ? pair.upstream : pair.client;
    if (!out || out.destroyed) return;
    if (chunk === null) {
      out.end();
      return;
    }
    if (direction === 'up') pair.bytesUp += chunk.length;
    else pair.bytesDown += chunk.length;
    out.write(chunk);
  };

  const connectUpstream = (pair: Pair) => {
    const upstream = net.connect({ port: targetPort, host: targetHost, allowHalfOpen: true });
    pair.upstream = upstream;
    // The target went away or refused: the client sees its connection close, as without a proxy.
    upstream.on('error', () => pair.state === 'forwarding' && closePair(pair));
    upstream.on('close', () => pair.state === 'forwarding' && closePair(pair));
    upstream.on('data', (chunk: Buffer) => relay(pair, chunk, 'down'));
    upstream.on('end', () => relay(pair, null, 'down'));
  };

  const revive = (pair: Pair) => {
    pair.state = 'forwarding';
    if (!pair.upstream) connectUpstream(pair);
    for (const direction of ['up', 'down'] as const) {
      for (const chunk of pair.queued[direction].splice(0)) relay(pair, chunk, direction);
    }
    // The client left while held: its end went out above, and nothing can answer it any more.
    if (pair.client.destroyed) pair.upstream?.end();
  };

  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const pair: Pair = {
      id: pairs.length + 1,
      state: blackholed === 'drop' ? 'silent' : blackholed === 'hold' ? 'held' : 'forwarding',
      bytesUp: 0,
      bytesDown: 0,
      client,
      upstream: null,
      queued: { up: [], down: [] },
    };
    pairs.push(pair);
    client.on('error', () => {
      // A reset from the application; 'close' follows.
    });
    client.on('data', (chunk: Buffer) => relay(pair, chunk, 'up'));
    client.on('end', () => relay(pair, null, 'up'));
    client.on('close', () => pair.state === 'forwarding' && closePair(pair));
    if (pair.state === 'forwarding') connectUpstream(pair);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');

  return {
    port: address.port,
    blackhole(on, mode = 'drop') {
      if (on) {
        blackholed = mode;
        for (const pair of pairs) if (pair.state === 'forwarding') pair.state = mode === 'drop' ? 'silent' : 'held';
        return;
      }
      blackholed = null;
      for (const pair of pairs) if (pair.state === 'held') revive(pair);
    },
    connections: () => pairs.map(({ id, state, bytesUp, bytesDown }) => ({ id, state, bytesUp, bytesDown })),
    async close() {
      for (const pair of pairs) closePair(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
