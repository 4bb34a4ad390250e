import net from 'node:net';

/**
 * A loopback proxy in front of a real Redis that breaks a connection at the worst moment for a
 * config write: it forwards a `CONFIG SET` (not the editor's probe, `active-defrag-cycle-min 0`),
 * lets Redis apply it, then drops Redis's answer and destroys the client's connection. To the
 * client this is "the connection broke after the write was sent"; Redis holds the new value.
 * Each `arm()` cuts one such write; otherwise everything is forwarded byte for byte.
 */
export interface CutAfterWriteProxy {
  port: number;
  /** Cut the next `count` CONFIG SET writes (default 1). */
  arm(count?: number): void;
  /** Writes cut so far. */
  cuts(): number;
  close(): Promise<void>;
}

const CONFIG_SET = /\*\d+\r\n\$6\r\nCONFIG\r\n\$3\r\nSET\r\n/i;
const PROBE = /active-defrag-cycle-min\r\n\$1\r\n0\r\n/;

export async function startCutAfterWriteProxy(targetPort: number): Promise<CutAfterWriteProxy> {
  let armed = 0;
  let cut = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutting = false;
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1');
      if (armed > 0 && CONFIG_SET.test(text) && !PROBE.test(text)) {
        armed--;
        cutting = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (cutting) {
        // Redis answered: the write landed. The client never hears it.
        cut++;
        end();
        return;
      }
      client.write(chunk);
    });
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    arm: (count = 1) => {
      armed += count;
    },
    cuts: () => cut,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
