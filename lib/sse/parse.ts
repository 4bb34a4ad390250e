/**
 * An incremental reader of a `text/event-stream`, as the WHATWG HTML spec ("Interpreting an event
 * stream") has browsers read it: for tests and the bench, which read streams over fetch or node:http
 * where there is no EventSource. Feed it text chunks as they arrive, split anywhere.
 */

export interface SseEvent {
  /** The `event:` field, or 'message' when the event had none. */
  event: string;
  /** The `data:` lines joined with '\n'. */
  data: string;
  /** The last event ID seen so far (it carries over to later events, as in EventSource). */
  lastEventId: string;
}

export interface SseParser {
  /** Reads a chunk and returns the events it completed, in order. */
  push(chunk: string): SseEvent[];
  /** The latest valid `retry:` value in ms, or null when the stream sent none. */
  readonly retryMs: number | null;
}

export function createSseParser(): SseParser {
  // Text after the last line end: no CR or LF in it, by construction.
  let pending = '';
  // The previous chunk ended in CR: an LF starting this one belongs to that CRLF.
  let afterCr = false;
  let started = false;
  let eventType = '';
  let data = '';
  let hasData = false;
  let lastEventId = '';
  let retryMs: number | null = null;

  function field(line: string, out: SseEvent[]): void {
    if (line === '') {
      // Dispatch; a block without data (a retry or id on its own, a comment) is no event.
      if (hasData) out.push({ event: eventType || 'message', data, lastEventId });
      eventType = '';
      data = '';
      hasData = false;
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (name) {
      case 'event':
        eventType = value;
        break;
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retryMs = Number(value);
        break;
      default:
      // Unknown fields are ignored.
    }
  }

  return {
    push(chunk: string): SseEvent[] {
      const out: SseEvent[] = [];
      const text = pending + chunk;
      let start = 0;
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) start = 1;
      }
      if (afterCr && text.charCodeAt(start) === 0x0a) start++;
      afterCr = false;
      // `pending` holds no line end, so the search for one starts in the new text.
      let from = Math.max(start, pending.length);
      let cr = text.indexOf('\r', from);
      for (;;) {
        const lf = text.indexOf('\n', from);
        if (cr !== -1 && cr < from) cr = text.indexOf('\r', from);
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        if (end === -1) break;
        field(text.slice(start, end), out);
        start = end + 1;
        if (end === cr) {
          if (start === text.length) afterCr = true;
          else if (text.charCodeAt(start) === 0x0a) start++;
        }
        from = start;
      }
      pending = text.slice(start);
      return out;
    },
    get retryMs() {
      return retryMs;
    },
  };
}
