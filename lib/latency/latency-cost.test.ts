import { describe, expect, it } from 'vitest';
import type { CommandHistogram } from '../latency-histogram-parser';
import type { WindowDelta } from './histogram-math';
import { formatUsec, latencyCost, suggestedCycleMax, worstRow } from './latency-cost';

const h = (command: string, pairs: Array<[number, number]>): CommandHistogram => ({
  command,
  calls: pairs.at(-1)?.[1] ?? 0,
  bounds: pairs.map(([b]) => b),
  cumulative: pairs.map(([, c]) => c),
});
const win = (from: number, to: number, commands: CommandHistogram[], loop: WindowDelta['loop'] = null): WindowDelta => ({
  from,
  to,
  reset: false,
  commands: new Map(commands.map((c) => [c.command, c])),
  loop,
});

describe('latencyCost', () => {
  const before = win(0, 300_000, [
    h('get', [
      [132, 995],
      [264, 1000],
    ]),
    h('set', [[132, 500]]),
    h('hget', [[8, 50]]),
  ]);
  const during = win(300_000, 360_000, [
    h('get', [
      [264, 900],
      [1056, 1000],
    ]),
    h('set', [[264, 600]]),
    h('hget', [[8, 10]]),
  ]);
  const cost = latencyCost({ status: 'ok', reason: null, runFrom: 300_000, runTo: 360_000, before, during, meanEffort: 24.6, peakEffort: 25 });

  it('compares p99 per busy command, most calls first, and leaves out commands under 100 calls', () => {
    expect(cost.rows.map((r) => [r.command, r.beforeP99Usec, r.duringP99Usec])).toEqual([
      ['get', 132, 1056],
      ['set', 132, 264],
    ]);
    expect(worstRow(cost)?.command).toBe('get');
    expect(worstRow(cost)?.ratio).toBe(8);
  });

  it('says it in one line with the effort', () => {
    expect(cost.text).toBe('GET p99 132 µs -> 1.1 ms, SET p99 132 µs -> 264 µs while defrag ran at 25 % CPU');
  });

  it('states the event-loop cycle before and during the run where the server counts it (Redis >= 7.2)', () => {
    // 30,000 cycles of 35 µs before; during the run defrag slices stretch them to 520 µs on average.
    const withLoop = latencyCost({
      status: 'ok',
      reason: null,
      runFrom: 300_000,
      runTo: 360_000,
      before: { ...before, loop: { cycles: 30_000, usec: 1_050_000 } },
      during: { ...during, loop: { cycles: 1_000, usec: 520_400 } },
      meanEffort: 75,
      peakEffort: 75,
    });
    expect(withLoop.eventLoop).toEqual({ beforeUsecPerCycle: 35, duringUsecPerCycle: 520, ratio: 520.4 / 35 });
    expect(withLoop.text).toBe('GET p99 132 µs -> 1.1 ms, SET p99 132 µs -> 264 µs; event-loop cycle 35 µs -> 520 µs while defrag ran at 75 % CPU');
    // Without the counters on one side (Redis 7.0, or a restart in between) there is no loop figure.
    expect(cost.eventLoop).toBeNull();
  });

  it('says why when nothing could be measured', () => {
    const none = latencyCost({
      status: 'unsupported',
      reason: 'Redis 6.2.9 has no LATENCY HISTOGRAM',
      runFrom: 1,
      runTo: 2,
      before: null,
      during: null,
      meanEffort: null,
      peakEffort: null,
    });
    expect(none.text).toBe('Latency cost not measured: Redis 6.2.9 has no LATENCY HISTOGRAM');
  });
});

describe('suggestedCycleMax', () => {
  it('is about half the effort that coincided with the rise, never below cycle-min', () => {
    expect(suggestedCycleMax(25, 1, 25)).toBe(13);
    expect(suggestedCycleMax(40, 30, 75)).toBe(30);
    // Already at the floor: nothing lower to suggest.
    expect(suggestedCycleMax(4, 5, 5)).toBeNull();
    expect(suggestedCycleMax(null, 1, 25)).toBeNull();
  });
});

describe('formatUsec', () => {
  it('shows bucket bounds in ms', () => {
    expect([formatUsec(33), formatUsec(264), formatUsec(1056), formatUsec(16908), formatUsec(null)]).toEqual(['33 µs', '264 µs', '1.1 ms', '17 ms', '–']);
  });
});
