import net from 'node:net';

/**
 * Asks the kernel for a free loopback port. Other processes share this loopback, so tests never
 * use a fixed port; the small race between close() and the caller's bind is accepted.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('could not read the port the kernel gave us'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}
