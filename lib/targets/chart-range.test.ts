import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RANGE,
  fromLocalInput,
  HISTORY_RETENTION_MS,
  LONG_RANGE_RETENTION_MS,
  parseChartRange,
  parseInstant,
  rangeProblem,
  sameRange,
  toLocalInput,
  withChartRange,
} from './chart-range';

const NOW = Date.UTC(2026, 11, 2, 3, 0, 0);
const HOUR = 3_600_000;
const parse = (query: string) => parseChartRange(new URLSearchParams(query), NOW);

describe('chart range in the URL', () => {
  it('reads presets, epoch-ms and ISO ranges', () => {
    expect(parse('target=a')).toEqual({ range: DEFAULT_RANGE, notice: null });
    expect(parse('target=a&range=24h')).toEqual({ range: { kind: 'preset', preset: '24h' }, notice: null });
    expect(parse(`from=${NOW - HOUR}&to=${NOW}`)).toEqual({ range: { kind: 'absolute', from: NOW - HOUR, to: NOW }, notice: null });
    expect(parse('from=2026-12-02T01:00:00Z&to=2026-12-02T02:30:00.500%2B00:00').range).toEqual({
      kind: 'absolute',
      from: Date.UTC(2026, 11, 2, 1),
      to: Date.UTC(2026, 11, 2, 2, 30, 0, 500),
    });
    // from/to win over a preset left in the same link.
    expect(parse(`range=6h&from=${NOW - HOUR}&to=${NOW}`).range.kind).toBe('absolute');
  });

  it('falls back to the default with a notice for anything it cannot show, and never throws', () => {
    const bad = [
      'range=2d',
      'range=',
      `from=${NOW - HOUR}`,
      `to=${NOW}`,
      'from=yesterday&to=now',
      'from=Dec%202&to=Dec%203',
      `from=${NOW}&to=${NOW - HOUR}`,
      `from=${NOW}&to=${NOW}`,
      `from=${NOW - 5000}&to=${NOW}`,
      `from=${NOW - HISTORY_RETENTION_MS - HOUR}&to=${NOW}`,
      `from=${NOW}&to=${NOW + 2 * HOUR}`,
      'from=99999999999999999&to=99999999999999999',
      'from=2026-13-45T99:99&to=2026-12-02T02:00',
    ];
    for (const query of bad) {
      const parsed = parse(query);
      expect(parsed.range, query).toEqual(DEFAULT_RANGE);
      expect(parsed.notice, query).toMatch(/Showing the last 5 minutes instead\.$/);
    }
    expect(parse(`from=${NOW}&to=${NOW - HOUR}`).notice).toContain('“From” must be before “to”');
  });

  it('with Prometheus (a year back) accepts a range older than the in-memory 7 days, and still refuses one older than that', () => {
    const oldest = NOW - LONG_RANGE_RETENTION_MS;
    const twoWeeks = `from=${NOW - 14 * 24 * HOUR}&to=${NOW - 10 * 24 * HOUR}`;
    expect(parse(twoWeeks).range).toEqual(DEFAULT_RANGE);
    expect(parseChartRange(new URLSearchParams(twoWeeks), NOW, oldest)).toEqual({
      range: { kind: 'absolute', from: NOW - 14 * 24 * HOUR, to: NOW - 10 * 24 * HOUR },
      notice: null,
    });
    expect(parseChartRange(new URLSearchParams(`from=${oldest - HOUR}&to=${NOW}`), NOW, oldest).notice).toContain('The history starts at');
  });

  it('writes ranges back, keeping target and view, and the default adds nothing', () => {
    expect(withChartRange('?target=cache%20eu&view=overview&from=1&to=2', DEFAULT_RANGE)).toBe('?target=cache+eu&view=overview');
    expect(withChartRange('target=a', { kind: 'preset', preset: '1h' })).toBe('?target=a&range=1h');
    expect(withChartRange('target=a&range=1h', { kind: 'absolute', from: 1000.4, to: 2000.6 })).toBe('?target=a&from=1000&to=2001');
    expect(withChartRange('', DEFAULT_RANGE)).toBe('');
  });

  it('round-trips every range through the URL', () => {
    const ranges = [DEFAULT_RANGE, { kind: 'preset', preset: '6h' }, { kind: 'absolute', from: NOW - 2 * HOUR, to: NOW - HOUR }] as const;
    for (const range of ranges) {
      const back = parseChartRange(new URLSearchParams(withChartRange('target=x', range)), NOW).range;
      expect(sameRange(back, range)).toBe(true);
    }
    expect(sameRange(DEFAULT_RANGE, { kind: 'absolute', from: 1, to: 2 })).toBe(false);
  });

  it('says why a range is refused', () => {
    expect(rangeProblem(NOW - HOUR, NOW, NOW)).toBeNull();
    expect(rangeProblem(NOW - HOUR, NOW, NOW, NOW - 30 * 60_000)).toMatch(/^The history starts at .*: pick a later “from”\.$/);
    expect(rangeProblem(Number.NaN, NOW, NOW)).toMatch(/Both/);
    expect(rangeProblem(NOW, NOW + 2 * 60_000, NOW)).toMatch(/future/);
  });

  it('reads only ISO shapes and epoch ms', () => {
    expect(parseInstant('1764644400000')).toBe(1764644400000);
    expect(parseInstant('2026-12-02')).toBe(new Date(2026, 11, 2).getTime());
    expect(parseInstant('1')).toBe(1);
    expect(parseInstant('Tue Dec 01 2026')).toBeNull();
    expect(parseInstant('-5')).toBeNull();
  });

  it('maps datetime-local values to the viewer zone and back', () => {
    const at = new Date(2026, 11, 2, 4, 5, 6).getTime();
    expect(toLocalInput(at)).toBe('2026-12-02T04:05:06');
    expect(fromLocalInput('2026-12-02T04:05:06')).toBe(at);
    expect(fromLocalInput('2026-12-02T04:05')).toBe(at - 6000);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('02/12/2026 04:05')).toBeNull();
  });
});
