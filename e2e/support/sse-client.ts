import { createSseParser, type SseEvent } from '../../lib/sse/parse';

export type { SseEvent };

/** A minimal SSE reader over fetch, for tests that hold many streams open at once. */
export async function openStream(url: string, onEvent: (e: SseEvent) => void): Promise<{ close(): void; headers: Headers }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
  if (!response.body) throw new Error(`no body from ${url} (${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = createSseParser();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        for (const event of parser.push(value)) onEvent(event);
      }
    } catch {
      // aborted by close()
    }
  })();
  return { close: () => controller.abort(), headers: response.headers };
}
