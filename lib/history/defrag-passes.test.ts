import { describe, expect, it } from 'vitest';
import { detectPasses } from './defrag-passes';
import { detectRuns, type DefragSample } from './defrag-runs';

const MB = 1024 * 1024;

/** 1 s samples: [running, current_active_defrag_time ms, hits, frag MB]. */
function samples(rows: Array<[number, number, number, number]>): DefragSample[] {
  return rows.map(([running, time, hits, frag], i) => ({
    at: 1_000_000 + i * 1000,
    ok: true,
    active_defrag_running: running,
    used_memory_rss: 300 * MB,
    allocator_frag_bytes: frag * MB,
    allocator_frag_ratio: 2,
    active_defrag_hits: hits,
    active_defrag_misses: 0,
    current_active_defrag_time: time,
  }));
}

// Two passes back to back, then idle: on 8.0+ the counter restarts at the second pass (600 ms in).
const RUN = samples([
  [0, 0, 0, 100],
  [75, 400, 1000, 80],
  [75, 1400, 3000, 50],
  [20, 600, 3500, 45],
  [20, 1600, 3600, 44],
  [0, 0, 3600, 44],
  [0, 0, 3600, 44],
  [0, 0, 3600, 44],
  [0, 0, 3600, 44],
]);

describe('detectPasses', () => {
  it('Redis 8 / Valkey 8.1+: each restart of current_active_defrag_time is a new pass', () => {
    const [run] = detectRuns(RUN);
    const passes = detectPasses(run!, RUN, { resetsPerPass: true });
    expect(passes).toHaveLength(2);
    expect(passes[0]).toMatchObject({
      index: 1,
      startAt: 1_000_000 + 1000 - 400,
      effort: 75,
      hits: 3000,
      reclaimedFragBytes: 50 * MB,
      ongoing: false,
      spansPasses: false,
    });
    expect(passes[1]).toMatchObject({ index: 2, startAt: 1_000_000 + 3000 - 600, effort: 20, hits: 600, reclaimedFragBytes: 6 * MB, durationMs: 1600 });
  });

  it('Redis <= 7.4 / Valkey <= 8.0: the counter spans back-to-back passes, so they are one row, marked so', () => {
    const old = samples([
      [0, 0, 0, 100],
      [75, 400, 1000, 80],
      [75, 1400, 3000, 50],
      [75, 2400, 3500, 45],
      [0, 0, 3500, 45],
      [0, 0, 3500, 45],
      [0, 0, 3500, 45],
      [0, 0, 3500, 45],
    ]);
    const [run] = detectRuns(old);
    const passes = detectPasses(run!, old, { resetsPerPass: false });
    expect(passes).toHaveLength(1);
    expect(passes[0]).toMatchObject({ durationMs: 2400, hits: 3500, reclaimedFragBytes: 55 * MB, spansPasses: true });
  });

  it('a run still going ends in an ongoing pass', () => {
    const going = RUN.slice(0, 4);
    const [run] = detectRuns(going);
    const passes = detectPasses(run!, going, { resetsPerPass: true });
    expect(passes.at(-1)).toMatchObject({ index: 2, ongoing: true });
  });
});
