import { randomBytes } from 'node:crypto';
import net from 'node:net';

/**
 * Forces a full, memory-reducing garbage collection in a Node process started with
 * `--inspect=127.0.0.1:0`, through the inspector's WebSocket (`HeapProfiler.collectGarbage`).
 * Without it, V8 gives memory back only after ~30 s of idling, too slow for a memory check here.
 * Speaks just enough WebSocket (RFC 6455: handshake, masked text frames out, unmasked in).
 */
export async function collectGarbage(inspectorUrl: string, timeoutMs = 15_000): Promise<void> {
  const url = new URL(inspectorUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer from the inspector in ${timeoutMs} ms`)));
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.write(
      `GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const reply = new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('the inspector closed the connection')));
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        if (!upgraded) {
          const end = buffer.indexOf('\r\n\r\n');
          if (end < 0) return;
          const head = buffer.subarray(0, end).toString();
          if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no WebSocket upgrade: ${head.split('\r\n')[0]}`));
          upgraded = true;
          buffer = buffer.subarray(end + 4);
          socket.write(frame(JSON.stringify({ id: 1, method: 'HeapProfiler.collectGarbage' })));
        }
        for (const message of readFrames()) {
          if ((JSON.parse(message) as { id?: number }).id === 1) resolve();
        }
      });
    });
    await reply;
    function* readFrames(): Generator<string> {
      for (;;) {
        if (buffer.length < 2) return;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length).toString();
        const opcode = buffer[0]! & 0x0f;
        buffer = buffer.subarray(offset + length);
        if (opcode === 1) yield payload;
      }
    }
  } finally {
    socket.destroy();
  }
}

/** One masked text frame, as a client must send. */
function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const header =
    payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]!));
  return Buffer.concat([header, mask, masked]);
}

/** The `ws://` address a process started with --inspect printed ("Debugger listening on ws://..."). */
export function inspectorUrl(output: string): string | null {
  return /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1] ?? null;
}
