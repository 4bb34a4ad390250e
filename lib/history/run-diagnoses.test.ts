import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../decision/snapshot.test-support';
import { detectPasses } from './defrag-passes';
import { detectRuns, type DefragSample } from './defrag-runs';
import { diagnoseRun, latencyRise } from './run-diagnoses';

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

describe('run-latency (LATENCY HISTOGRAM p99 during the run against the 5 minutes before)', () => {
  const row = (command: string, before: number, during: number) => ({
    command,
    beforeP99Usec: before,
    duringP99Usec: during,
    beforeCalls: 30_000,
    duringCalls: 6_000,
    ratio: during / before,
  });
  const cost = (rows: ReturnType<typeof row>[], meanEffort = 40) => ({
    status: 'ok' as const,
    reason: null,
    beforeFrom: 0,
    runFrom: 300_000,
    runTo: 360_000,
    meanEffort,
    peakEffort: 75,
    eventLoop: null,
    rows,
    all: null,
    text: null,
  });
  const config = defaultConfig({ 'active-defrag-cycle-min': 1, 'active-defrag-cycle-max': 75 });

  it('says which command slowed, by how much, and suggests half the effort that coincided with it', () => {
    const d = latencyRise({ latencyCost: cost([row('get', 264, 2113), row('set', 264, 528)]), config });
    expect(d).toMatchObject({ id: 'run-latency', severity: 'warn', title: 'GET p99 264 µs -> 2.1 ms while defrag runs (8.0x)' });
    expect(d!.detail).toContain(
      'over 30,000 calls in the 5 minutes before the run and 2.1 ms over 6,000 calls during it, above 3x, while defrag ran at 40 % CPU',
    );
    expect(d!.detail).toContain('Also: SET 264 µs -> 528 µs.');
    expect(d!.advice).toBe(
      'Suggestion: try active-defrag-cycle-max 20 (about half the 40 % that coincided with the rise); the run takes longer, each cycle blocks clients for less.',
    );
  });

  it('stays quiet within the multiple, and when nothing was measured', () => {
    expect(latencyRise({ latencyCost: cost([row('get', 264, 528)]), config })).toBeNull();
    expect(latencyRise({ latencyCost: cost([row('get', 264, 528)]), latencyMultiple: 1.5, config })?.id).toBe('run-latency');
    expect(latencyRise({ latencyCost: null, config })).toBeNull();
  });

  it('never suggests going below cycle-min', () => {
    const d = latencyRise({
      latencyCost: cost([row('get', 264, 2113)], 12),
      config: defaultConfig({ 'active-defrag-cycle-min': 10, 'active-defrag-cycle-max': 25 }),
    });
    expect(d!.advice).toContain('try active-defrag-cycle-max 10 (about half the 12 % that coincided with the rise, held at cycle-min)');
  });
});
