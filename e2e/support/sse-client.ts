/** A minimal SSE reader over fetch, for tests that hold many streams open at once. */
export interface SseEvent {
  event: string;
  data: string;
}

export async function openStream(url: string, onEvent: (e: SseEvent) => void): Promise<{ close(): void; headers: Headers }> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { Accept: 'text/event-stream' } });
  if (!response.body) throw new Error(`no body from ${url} (${response.status})`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          if (event) onEvent({ event, data });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return { close: () => controller.abort(), headers: response.headers };
}
