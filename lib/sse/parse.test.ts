import { describe, expect, it } from 'vitest';
import { encodeComment, encodeEvent, encodeRetry } from './encode';
import { createSseParser, type SseEvent } from './parse';

/** Feeds `chunks` one by one and collects every event. */
function read(chunks: string[]): { events: SseEvent[]; retryMs: number | null } {
  const parser = createSseParser();
  const events = chunks.flatMap((c) => parser.push(c));
  return { events, retryMs: parser.retryMs };
}

describe('createSseParser', () => {
  it('reads what the encoder writes: retry, a comment, then events with ids', () => {
    const stream = encodeRetry(2000) + encodeComment('keep-alive') + encodeEvent('history', { t: [1] }) + encodeEvent('snapshot', { seq: 7 }, 7);
    const { events, retryMs } = read([stream]);
    expect(retryMs).toBe(2000);
    expect(events).toEqual([
      { event: 'history', data: '{"t":[1]}', lastEventId: '' },
      { event: 'snapshot', data: '{"seq":7}', lastEventId: '7' },
    ]);
  });

  it('gives the same events however the text is split, down to one character per chunk', () => {
    const stream = `${encodeEvent('snapshot', { a: 'x: y' }, 1)}: comment\r\n\r\nevent: two\r\ndata: a\r\ndata: b\r\n\r\n${encodeEvent('snapshot', { b: 2 }, 2)}`;
    const whole = read([stream]).events;
    expect(whole).toHaveLength(3);
    for (const size of [1, 2, 3, 7, 64]) {
      const chunks = Array.from({ length: Math.ceil(stream.length / size) }, (_, i) => stream.slice(i * size, (i + 1) * size));
      expect(read(chunks).events, `chunks of ${size}`).toEqual(whole);
    }
  });

  it('ends lines at CRLF, LF or CR alone, a CRLF split between chunks counting once', () => {
    expect(read(['data: a\r\n\r\ndata: b\n\ndata: c\r\rdata: d\r', '\n\r\n']).events.map((e) => e.data)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('joins data lines with LF, takes one leading space off a value, and reads a field without a colon', () => {
    const { events } = read(['data:  two spaces\ndata:none\ndata\ndata: last\n\n']);
    expect(events).toEqual([{ event: 'message', data: ' two spaces\nnone\n\nlast', lastEventId: '' }]);
  });

  it('ignores comments, unknown fields and bad retry values; a block with no data dispatches nothing', () => {
    const { events, retryMs } = read([': hello\nfoo: bar\nretry: soon\nretry: 1.5\n\nevent: lonely\n\nid: 9\n\ndata: x\n\n']);
    expect(retryMs).toBeNull();
    expect(events).toEqual([{ event: 'message', data: 'x', lastEventId: '9' }]);
  });

  it('keeps the last event id across events, refuses an id with NUL, and drops a leading BOM', () => {
    const { events } = read(['\ufeffid: 1\ndata: a\n\n', 'data: b\n\nid: x\0y\ndata: c\n\nid\ndata: d\n\n']);
    expect(events.map((e) => [e.data, e.lastEventId])).toEqual([
      ['a', '1'],
      ['b', '1'],
      ['c', '1'],
      ['d', ''],
    ]);
  });

  it('holds back an event until its blank line arrives, and drops an unfinished one', () => {
    const parser = createSseParser();
    expect(parser.push('event: snapshot\ndata: {"seq"')).toEqual([]);
    expect(parser.push(':1}\n')).toEqual([]);
    expect(parser.push('\nevent: cut\ndata: half')).toEqual([{ event: 'snapshot', data: '{"seq":1}', lastEventId: '' }]);
  });
});
