/**
 * Server-sent event framing, shared so the server, the browser side and tests agree on it. Data is
 * JSON on one line (JSON.stringify never emits a raw newline), so a payload cannot end an event early.
 */
export function encodeEvent(event: string, data: unknown, id?: number | string): string {
  const idLine = id === undefined ? '' : `id: ${String(id).replace(/[\r\n]/g, '')}\n`;
  return `event: ${event.replace(/[\r\n]/g, '')}\n${idLine}data: ${JSON.stringify(data)}\n\n`;
}

/** How long a client waits before reconnecting; a block with no data dispatches no event. */
export function encodeRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

/** A comment line: clients ignore it, proxies see traffic (keep-alive). */
export function encodeComment(text: string): string {
  return `: ${text.replace(/[\r\n]/g, ' ')}\n\n`;
}

export const SSE_RETRY_MS = 2000;
export const SSE_KEEPALIVE_MS = 15_000;
