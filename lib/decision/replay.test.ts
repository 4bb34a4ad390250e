import { describe, expect, it } from 'vitest';
import redis70 from '../history/fixtures/redis-7.0.15-defrag-runs.json';
import slowRun from '../history/fixtures/redis-7.0.15-slow-run.json';
import valkey81 from '../history/fixtures/valkey-8.1.1-defrag-runs.json';
import { replayThresholds, type ReplayFallback, type ReplaySample } from './replay';
import { engineTraits } from './version';

const MB = 1024 * 1024;
const T0 = 1_700_000_000_000;
const redis7 = engineTraits({ engine: 'redis', version: '7.0.15' });
const defaults: ReplayFallback = {
  activedefrag: null,
  'active-defrag-ignore-bytes': null,
  'active-defrag-threshold-lower': null,
  'active-defrag-threshold-upper': 100,
  'active-defrag-cycle-min': 1,
  'active-defrag-cycle-max': 25,
};

/** Redis 7.0 samples with allocated 100 MB and active from `frag(i)` percent (active/allocated − 1). */
function scripted(frags: (number | null)[], config: Partial<ReplaySample> = {}): ReplaySample[] {
  return frags.map((pct, i) => ({
    at: T0 + i * 1000,
    ok: pct !== null,
    allocator_allocated: pct === null ? null : 100 * MB,
    allocator_active: pct === null ? null : 100 * MB + pct * MB,
    allocator_frag_bytes: pct === null ? null : pct * MB,
    allocator_frag_ratio: pct === null ? null : 1 + pct / 100,
    active_defrag_running: pct === null ? null : 0,
    activedefrag: true,
    ignore_bytes: 100 * MB,
    threshold_lower: 10,
    ...config,
  }));
}

describe('replayThresholds on hand-checked cases', () => {
  it('starts where the percent and the bytes both hold, at the formula’s effort, and stops when either fails', () => {
    // 8, 12, 40, 60, 100, 9 % of 100 MB allocated; ignore-bytes 10 MB, lower 10, upper 100, cycle 1..25.
    const r = replayThresholds(scripted([8, 12, 40, 60, 100, 9]), redis7, 'jemalloc-5.2.1', { 'active-defrag-ignore-bytes': 10 * MB }, defaults);
    // 12 %: 1 + (12 − 10) × 24 / 90 = 1.53 -> 1; 40 %: 1 + 30 × 24 / 90 = 9; 60 %: 14.3 -> 14; 100 %: 25.
    expect(r.effort).toEqual([0, 1, 9, 14, 25, 0]);
    expect(r.spans).toEqual([{ start: T0 + 1000, end: T0 + 5000, endReason: 'below-threshold', startEffort: 1, peakEffort: 25 }]);
    expect(r.exact).toBe(true);
  });

  it('needs ignore-bytes too: 40 % of 100 MB is below 100mb, so the recorded ignore-bytes never starts it', () => {
    const r = replayThresholds(scripted([40, 60, 90]), redis7, 'jemalloc-5.2.1', {}, defaults);
    expect(r.spans).toEqual([]);
    const lowered = replayThresholds(scripted([40, 60, 90]), redis7, 'jemalloc-5.2.1', { 'active-defrag-ignore-bytes': 50 * MB }, defaults);
    expect(lowered.spans.map((s) => s.start)).toEqual([T0 + 1000]);
  });

  it('uses the recorded config where the candidate leaves it, and activedefrag off stops it', () => {
    const samples = scripted([50, 50, 50, 50], { ignore_bytes: 1 * MB });
    samples[2] = { ...samples[2]!, activedefrag: false };
    const r = replayThresholds(samples, redis7, 'jemalloc-5.2.1', {}, defaults);
    expect(r.spans.map((s) => [s.start, s.end, s.endReason])).toEqual([
      [T0, T0 + 2000, 'disabled'],
      [T0 + 3000, null, null],
    ]);
    // The candidate overrides the recording.
    expect(replayThresholds(samples, redis7, 'jemalloc-5.2.1', { activedefrag: true }, defaults).spans).toHaveLength(1);
    expect(replayThresholds(samples, redis7, 'jemalloc-5.2.1', { 'active-defrag-threshold-lower': 51 }, defaults).spans).toHaveLength(0);
  });

  it('a gap ends a span and counts as unknown; cycle-min > cycle-max runs at cycle-min (C LIMIT)', () => {
    const r = replayThresholds(
      scripted([50, null, 50], { ignore_bytes: 1 * MB }),
      redis7,
      'jemalloc-5.2.1',
      { 'active-defrag-cycle-min': 30, 'active-defrag-cycle-max': 20 },
      defaults,
    );
    expect(r.effort).toEqual([30, null, 30]);
    expect(r.unknownSamples).toBe(1);
    expect(r.spans.map((s) => s.endReason)).toEqual(['gap', null]);
  });

  it('on Redis >= 7.4 without the Lua arena figure the percent is marked approximate', () => {
    const r = replayThresholds(scripted([50]), engineTraits({ engine: 'redis', version: '8.0.2' }), 'jemalloc-5.3.0', {}, defaults);
    expect(r.exact).toBe(false);
  });
});

/**
 * The recordings of real lab runs (history fixtures): the replay with the values the server ran
 * with must agree with what the server did. The recordings hold no activedefrag column: it is
 * taken from their notes (the sample of a note may or may not show the change yet).
 */
describe('replayThresholds against the recorded lab runs', () => {
  const cases = [
    {
      name: 'redis 7.0.15',
      recording: redis70,
      server: { engine: 'redis', version: '7.0.15' },
      on: [
        [9, 76],
        [99, 152],
        [161, 999],
      ],
      cycleMax: 75,
    },
    {
      name: 'valkey 8.1.1',
      recording: valkey81,
      server: { engine: 'valkey', version: '8.1.1' },
      on: [
        [9, 48],
        [70, 105],
        [112, 999],
      ],
      cycleMax: 75,
    },
    { name: 'redis 7.0.15 slow run', recording: slowRun, server: { engine: 'redis', version: '7.0.15' }, on: [[9, 999]], cycleMax: 2 },
  ] as const;

  for (const c of cases) {
    it(`${c.name}: starts where the server started, at its effort, and ends with it`, () => {
      const f: readonly string[] = c.recording.fields;
      const samples: ReplaySample[] = c.recording.rows.map((row, i) => {
        const v = (n: string) => (row[5 + f.indexOf(n)] as number | null | undefined) ?? null;
        return {
          at: row[0] as number,
          ok: row[1] === 1,
          allocator_allocated: v('allocator_allocated'),
          allocator_active: v('allocator_active'),
          allocator_frag_bytes: v('allocator_frag_bytes'),
          allocator_frag_ratio: v('allocator_frag_ratio'),
          active_defrag_running: v('active_defrag_running'),
          activedefrag: c.on.some(([a, b]) => i >= a && i < b),
          ignore_bytes: 1 * MB,
          threshold_lower: row[4] as number | null,
        };
      });
      // CONFIG SET active-defrag-ignore-bytes 1mb active-defrag-threshold-lower 5 active-defrag-cycle-max <n> (fixtures/README.md).
      const r = replayThresholds(samples, engineTraits(c.server), 'jemalloc-5.3.0', {}, { ...defaults, 'active-defrag-cycle-max': c.cycleMax });
      expect(r.spans.length).toBe(r.actualSpans.length);
      r.actualSpans.forEach((actual, k) => {
        const replayed = r.spans[k]!;
        // The same start, within one poll (the server decides between two polls).
        expect(Math.abs(replayed.start - actual.start)).toBeLessThanOrEqual(1100);
        // Its starting effort is the server's own first reported effort.
        const first = r.actual[r.t.indexOf(actual.start)]!;
        expect(replayed.startEffort).toBe(first);
        // A replayed run ends where the test fails; the server finishes its pass first: never later, at most 3 polls earlier.
        if (actual.end !== null && replayed.endReason === 'below-threshold') {
          expect(replayed.end!).toBeLessThanOrEqual(actual.end);
          expect(actual.end - replayed.end!).toBeLessThanOrEqual(3100);
        }
      });
      // Running or not, sample by sample, nearly everywhere; the effort too (it differs only around pass ends).
      const known = r.t.map((_, i) => i).filter((i) => r.actual[i] !== null && r.effort[i] !== null);
      const sameState = known.filter((i) => r.actual[i]! > 0 === r.effort[i]! > 0).length / known.length;
      const sameEffort = known.filter((i) => r.actual[i] === r.effort[i]).length / known.length;
      expect(sameState).toBeGreaterThan(0.95);
      expect(sameEffort).toBeGreaterThan(0.9);
    });
  }

  it('lower candidate thresholds would have started a run the server never made', () => {
    const f: readonly string[] = redis70.fields;
    // Before activedefrag was switched on (samples 1-8) the recording is fragmented and idle.
    const samples: ReplaySample[] = redis70.rows.slice(0, 9).map((row) => ({
      at: row[0] as number,
      ok: row[1] === 1,
      allocator_allocated: (row[5 + f.indexOf('allocator_allocated')] as number | null) ?? null,
      allocator_active: (row[5 + f.indexOf('allocator_active')] as number | null) ?? null,
      allocator_frag_bytes: (row[5 + f.indexOf('allocator_frag_bytes')] as number | null) ?? null,
      allocator_frag_ratio: (row[5 + f.indexOf('allocator_frag_ratio')] as number | null) ?? null,
      active_defrag_running: (row[5 + f.indexOf('active_defrag_running')] as number | null) ?? null,
      activedefrag: false,
      ignore_bytes: 100 * MB,
      threshold_lower: 10,
    }));
    expect(replayThresholds(samples, redis7, 'jemalloc-5.2.1', {}, defaults).spans).toEqual([]);
    const r = replayThresholds(samples, redis7, 'jemalloc-5.2.1', { activedefrag: true, 'active-defrag-ignore-bytes': 1 * MB }, defaults);
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.startEffort).toBe(25);
    expect(r.actualSpans).toEqual([]);
  });
});
