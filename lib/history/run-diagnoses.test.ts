import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../decision/snapshot.test-support';
import { detectPasses } from './defrag-passes';
import { detectRuns, type DefragSample } from './defrag-runs';
import { diagnoseRun } from './run-diagnoses';

const MB = 1024 * 1024;

/** 1 s samples of a run that has gone on for `n` seconds. */
function running(n: number, at: (i: number) => Partial<DefragSample>): DefragSample[] {
  const rows: DefragSample[] = [];
  for (let i = 0; i <= n; i++) {
    rows.push({
      at: 1_000_000 + i * 1000,
      ok: true,
      active_defrag_running: i === 0 ? 0 : 10,
      used_memory_rss: 300 * MB,
      allocator_frag_bytes: 100 * MB,
      allocator_frag_ratio: 1.5,
      active_defrag_hits: i * 1000,
      active_defrag_misses: i * 1000,
      current_active_defrag_time: i * 1000,
      ...at(i),
    });
  }
  return rows;
}

function diagnose(samples: DefragSample[], extra: Partial<Parameters<typeof diagnoseRun>[0]> = {}) {
  const [run] = detectRuns(samples);
  const passes = detectPasses(run!, samples, { resetsPerPass: true });
  return diagnoseRun({
    run: run!,
    samples,
    passes,
    config: defaultConfig(),
    traits: { decayFactor: false, name: 'valkey 8.1.1' },
    formulaEffort: 10,
    currentEffort: 10,
    ...extra,
  }).map((d) => d.id);
}

describe('diagnoseRun', () => {
  it('write churn: hits climbing, fragmentation flat for a minute', () => {
    expect(diagnose(running(60, () => ({})))).toEqual(['run-churn']);
  });

  it('stuck: fragmentation flat and almost nothing moved', () => {
    expect(diagnose(running(60, (i) => ({ active_defrag_hits: i, active_defrag_misses: i * 10_000 })))).toEqual(['run-stuck']);
  });

  it('a run that reclaims is not flagged, nor one younger than 20 s', () => {
    expect(diagnose(running(60, (i) => ({ allocator_frag_bytes: (100 - i) * MB })))).toEqual([]);
    expect(diagnose(running(10, () => ({})))).toEqual([]);
  });

  it('pinned at cycle-min with fragmentation hovering just above threshold-lower', () => {
    const ids = diagnose(running(60, (i) => ({ active_defrag_running: i === 0 ? 0 : 1, allocator_frag_ratio: 1.11, allocator_frag_bytes: (100 - i) * MB })));
    expect(ids).toEqual(['run-pinned-cycle-min']);
  });

  it('Redis 8: effort below the formula is the hidden decay; never on engines without it', () => {
    const reclaiming = running(60, (i) => ({ allocator_frag_bytes: (100 - i) * MB }));
    expect(diagnose(reclaiming, { traits: { decayFactor: true, name: 'redis 8.6.3' }, formulaEffort: 25, currentEffort: 16 })).toEqual(['run-hidden-decay']);
    expect(diagnose(reclaiming, { traits: { decayFactor: false, name: 'valkey 9.1.2' }, formulaEffort: 25, currentEffort: 16 })).toEqual([]);
    expect(diagnose(reclaiming, { traits: { decayFactor: true, name: 'redis 8.6.3' }, formulaEffort: 25, currentEffort: 25 })).toEqual([]);
  });
});
