import { describe, expect, it } from 'vitest';
import type { CommandHistogram } from '../latency-histogram-parser';
import {
  addHistograms,
  cumulativeAt,
  mergeWindows,
  percentileUsec,
  subtractHistogram,
  usecPerCycle,
  windowDelta,
  windowsMostlyWithin,
  type HistogramReading,
  type WindowDelta,
} from './histogram-math';

const h = (command: string, pairs: Array<[number, number]>): CommandHistogram => ({
  command,
  calls: pairs.at(-1)?.[1] ?? 0,
  bounds: pairs.map(([b]) => b),
  cumulative: pairs.map(([, c]) => c),
});
const reading = (at: number, commands: CommandHistogram[], runId: string | null = 'r1', asked = ['get', 'set']): HistogramReading => ({
  at,
  runId,
  asked,
  commands: new Map(commands.map((c) => [c.command, c])),
});

describe('cumulativeAt', () => {
  it('carries the count of the nearest printed bound below (empty buckets are not printed)', () => {
    const get = h('get', [
      [1, 10],
      [8, 12],
    ]);
    expect([cumulativeAt(get, 0), cumulativeAt(get, 1), cumulativeAt(get, 4), cumulativeAt(get, 8), cumulativeAt(get, 1056)]).toEqual([0, 10, 10, 12, 12]);
  });
});

describe('subtractHistogram', () => {
  it('gives the calls of the window per bucket, over the union of the bounds', () => {
    const before = h('get', [
      [1, 100],
      [4, 110],
    ]);
    const now = h('get', [
      [1, 150],
      [2, 160],
      [4, 170],
      [528, 171],
    ]);
    // 50 calls <= 1 µs, 10 in (1,2], 0 in (2,4] (110 -> 170 minus 100 -> 160 = 10 at bound 4), 1 at 528.
    expect(subtractHistogram(now, before)).toEqual({ command: 'get', calls: 61, bounds: [1, 2, 528], cumulative: [50, 60, 61] });
  });

  it('is null when any count went down (CONFIG RESETSTAT or a restart in between)', () => {
    expect(subtractHistogram(h('get', [[1, 5]]), h('get', [[1, 100]]))).toBeNull();
    // Calls grew but a low bucket shrank: the histogram was reset and refilled.
    expect(
      subtractHistogram(
        h('get', [
          [1, 5],
          [1056, 300],
        ]),
        h('get', [
          [1, 100],
          [2, 200],
        ]),
      ),
    ).toBeNull();
  });
});

describe('percentileUsec', () => {
  it('is the upper bound of the bucket that holds the rank-th call', () => {
    // 1000 calls: 980 <= 1 µs, 15 in (1,16], 5 in (16,1056].
    const w = h('get', [
      [1, 980],
      [16, 995],
      [1056, 1000],
    ]);
    expect(percentileUsec(w, 500)).toBe(1);
    expect(percentileUsec(w, 990)).toBe(16); // rank 990: the 990th call is in (1, 16]
    expect(percentileUsec(w, 999)).toBe(1056); // rank 999
  });

  it('uses integer ranks (0.99 * 100 must be 99, not 100)', () => {
    const w = h('get', [
      [1, 99],
      [2, 100],
    ]);
    expect(percentileUsec(w, 990)).toBe(1);
  });

  it('is null without calls', () => {
    expect(percentileUsec(h('get', []), 990)).toBeNull();
  });
});

describe('windowDelta', () => {
  const r0 = reading(0, [h('get', [[1, 100]]), h('set', [[2, 50]])]);

  it('differences each command asked for in both readings; one absent has made no call', () => {
    const r1 = reading(5000, [
      h('get', [
        [1, 150],
        [33, 160],
      ]),
      h('set', [[2, 50]]),
    ]);
    const w = windowDelta(r0, r1);
    expect(w.reset).toBe(false);
    expect(w.commands.get('get')).toEqual({ command: 'get', calls: 60, bounds: [1, 33], cumulative: [50, 60] });
    expect(w.commands.get('set')?.calls).toBe(0);
  });

  it('does not difference a command only the newer reading asked for (its counts are since start)', () => {
    const r1 = reading(5000, [h('get', [[1, 150]]), h('hget', [[1, 9999]])], 'r1', ['get', 'hget']);
    expect([...windowDelta(r0, r1).commands.keys()]).toEqual(['get']);
  });

  it('CONFIG RESETSTAT (commands gone, counts down) resets the window for all commands', () => {
    const afterReset = reading(5000, [h('get', [[1, 3]])]);
    const w = windowDelta(r0, afterReset);
    expect(w.reset).toBe(true);
    expect(w.commands.size).toBe(0);
    // The next window starts over from the reading after the reset.
    const next = windowDelta(afterReset, reading(10_000, [h('get', [[1, 13]]), h('set', [[2, 5]])]));
    expect(next.reset).toBe(false);
    expect(next.commands.get('get')?.calls).toBe(10);
    expect(next.commands.get('set')?.calls).toBe(5);
  });

  it('a restart (another run_id) resets the window even if the counts grew', () => {
    const w = windowDelta(r0, reading(5000, [h('get', [[1, 500]]), h('set', [[2, 60]])], 'r2'));
    expect(w.reset).toBe(true);
  });
});

describe('event-loop counters', () => {
  const at = (t: number, cycles: number, usec: number, runId = 'r'): HistogramReading => ({
    ...reading(t, [h('get', [[1, t]])], runId, ['get']),
    loop: { cycles, usec },
  });

  it('a window carries the cycles and µs between its readings, and merged windows add up to the outer difference', () => {
    const [a, b, c] = [at(1000, 100, 4_000), at(2000, 150, 30_000), at(3000, 180, 45_000)];
    expect(windowDelta(a, b).loop).toEqual({ cycles: 50, usec: 26_000 });
    const merged = mergeWindows([windowDelta(a, b), windowDelta(b, c)])!;
    expect(merged.loop).toEqual(windowDelta(a, c).loop);
    expect(usecPerCycle(merged.loop)).toBe(41_000 / 80);
  });

  it('is null where a reading lacks the counters (Redis < 7.2), they went backwards, or the server restarted', () => {
    const plain = reading(2000, [h('get', [[1, 2000]])], 'r', ['get']);
    expect(windowDelta(at(1000, 100, 4_000), plain).loop).toBeNull();
    expect(windowDelta(at(1000, 100, 4_000), at(2000, 10, 500)).loop).toBeNull();
    expect(windowDelta(at(1000, 100, 4_000), at(2000, 150, 9_000, 'other')).loop).toBeNull();
    expect(usecPerCycle(null)).toBeNull();
    expect(usecPerCycle({ cycles: 0, usec: 0 })).toBeNull();
  });
});

describe('mergeWindows and addHistograms', () => {
  it('merging consecutive windows equals differencing their outer readings', () => {
    const a = reading(0, [h('get', [[1, 10]])], 'r', ['get']);
    const b = reading(
      5000,
      [
        h('get', [
          [1, 20],
          [8, 25],
        ]),
      ],
      'r',
      ['get'],
    );
    const c = reading(
      10_000,
      [
        h('get', [
          [1, 22],
          [8, 40],
          [264, 41],
        ]),
      ],
      'r',
      ['get'],
    );
    const merged = mergeWindows([windowDelta(a, b), windowDelta(b, c)])!;
    expect(merged.commands.get('get')).toEqual(windowDelta(a, c).commands.get('get'));
    expect(merged).toMatchObject({ from: 0, to: 10_000, reset: false });
  });

  it('adds histograms bucket by bucket', () => {
    expect(
      addHistograms('all', [
        h('get', [
          [1, 10],
          [4, 12],
        ]),
        h('set', [[2, 5]]),
      ]),
    ).toEqual({ command: 'all', calls: 17, bounds: [1, 2, 4], cumulative: [10, 15, 17] });
  });
});

describe('windowsMostlyWithin', () => {
  const w = (from: number, to: number): WindowDelta => ({ from, to, reset: false, commands: new Map(), loop: null });
  const spans = (ws: WindowDelta[]) => ws.map((x) => `${x.from}-${x.to}`);
  const windows = [w(0, 5000), w(5000, 10_000), w(10_000, 15_000), w(15_000, 20_000)];

  it('takes a window half or more inside the span, and leaves one mostly outside', () => {
    // A 7 s run from 6.5 s to 13.5 s: no 5 s window lies wholly inside it.
    expect(spans(windowsMostlyWithin(windows, 6500, 13_500))).toEqual(['5000-10000', '10000-15000']);
    expect(spans(windowsMostlyWithin(windows, 8000, 13_500))).toEqual(['10000-15000']);
    expect(spans(windowsMostlyWithin(windows, 7500, 12_500))).toEqual(['5000-10000', '10000-15000']);
  });

  it('a run shorter than half a window has none', () => {
    expect(windowsMostlyWithin(windows, 11_000, 12_000)).toEqual([]);
  });

  it('the span before the run (wholly inside, ending at its start) never shares a window with it', () => {
    const runFrom = 7400;
    const before = windows.filter((x) => x.from >= runFrom - 300_000 && x.to <= runFrom);
    const during = windowsMostlyWithin(windows, runFrom, 20_000);
    expect(spans(before)).toEqual(['0-5000']);
    expect(spans(during)).toEqual(['5000-10000', '10000-15000', '15000-20000']);
  });
});
