import 'server-only';
import type { Duplex } from 'node:stream';

type DataListener = (chunk: Buffer) => void;

/**
 * Guards a poller connection against a server that sends what no Redis would (issue 15):
 * - more than `maxBytes` between two `reset()`s (one poll): a `$4000000000` bulk header makes the
 *   RESP parser buffer everything after it, an unterminated `+...` is re-copied on each chunk;
 * - a reply the parser throws on: redis-parser recurses once per array level, so a 100k-deep
 *   array throws RangeError inside the socket's 'data' handler, an uncaught exception that would
 *   end the process.
 * Either way the socket is destroyed (ioredis reconnects with a fresh parser) and `onViolation`
 * says why. Wraps the 'data' listeners ioredis attached, so it must run after ioredis's own
 * connect handling (the client's 'connect' event is emitted after it).
 */
export function guardReplyStream(stream: Duplex, maxBytes: number, onViolation: (reason: string) => void): { reset(): void } {
  let bytes = 0;
  const violate = (reason: string) => {
    if (stream.destroyed) return;
    onViolation(reason);
    stream.destroy();
  };
  const listeners = stream.listeners('data') as DataListener[];
  stream.removeAllListeners('data');
  stream.on('data', (chunk: Buffer) => {
    bytes += chunk.length;
    if (bytes > maxBytes)
      return violate(`the server sent more than ${maxBytes / 1024 / 1024} MiB for one poll (a broken or hostile server?): dropped the connection`);
    for (const listener of listeners) {
      try {
        listener.call(stream, chunk);
      } catch (error) {
        return violate(`the server sent a reply that cannot be parsed (${(error as Error).message}): dropped the connection`);
      }
    }
  });
  return {
    reset() {
      bytes = 0;
    },
  };
}
