import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonBody } from './read-json-body';
import type { AppError } from '../core/errors';

/** A chunked body (no Content-Length) of `chunks` × 64 KiB; counts how many bytes the reader pulled. */
function chunkedRequest(chunks: number) {
  let pulled = 0;
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let left = chunks;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left-- <= 0) return controller.close();
      pulled += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  const request = new Request('http://127.0.0.1/api/session', { method: 'POST', body, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('readJsonBody', () => {
  it('stops reading a chunked body at the limit instead of buffering all of it', async () => {
    const { request, pulled } = chunkedRequest(1600); // 100 MiB if read to the end
    const error = (await readJsonBody(request, z.object({}), '{}').catch((e: unknown) => e)) as AppError;
    expect(error.status).toBe(413);
    expect(pulled()).toBeLessThan(256 * 1024);
  });
  it('reads a small chunked body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"token":'));
        controller.enqueue(new TextEncoder().encode('"x"}'));
        controller.close();
      },
    });
    const request = new Request('http://127.0.0.1/api/session', { method: 'POST', body, duplex: 'half' } as RequestInit);
    expect(await readJsonBody(request, z.object({ token: z.string() }), '{}')).toEqual({ token: 'x' });
  });
  it('refuses a declared length over the limit before reading', async () => {
    const request = new Request('http://127.0.0.1/api/session', { method: 'POST', body: 'x'.repeat(20_000) });
    const error = (await readJsonBody(request, z.object({}), '{}').catch((e: unknown) => e)) as AppError;
    expect(error.status).toBe(413);
  });
});
