import net from 'node:net';

/**
 * A loopback TCP relay in front of a lab server that counts round trips: a client's write that
 * follows a reply from the server (or opens the connection) starts a new round trip; writes the
 * client makes without waiting for a reply (a pipeline) belong to the same one. Also counts the
 * connections clients open (a new connection is one more TCP handshake).
 */
export interface RoundTripProxy {
  url: string;
  port: number;
  counts(): { connections: number; roundTrips: number };
  reset(): void;
  close(): Promise<void>;
}

export async function startRoundTripProxy(targetPort: number): Promise<RoundTripProxy> {
  let connections = 0;
  let roundTrips = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    connections++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    let last: 'client' | 'server' | null = null;
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk) => {
      if (last !== 'client') roundTrips++;
      last = 'client';
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      last = 'server';
      client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  // Port 0: the kernel picks a free one, so nothing on the shared loopback is ever taken by guess.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    counts: () => ({ connections, roundTrips }),
    reset: () => {
      connections = 0;
      roundTrips = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
