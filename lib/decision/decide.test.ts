import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import type { ConditionId, Decision } from './types';
import { makeSnapshot, MB, withFrag } from './snapshot.test-support';

const state = (d: Decision) => Object.fromEntries(d.conditions.map((c) => [c.id, c.pass]));
const cond = (d: Decision, id: ConditionId) => d.conditions.find((c) => c.id === id)!;

describe('decide: all conditions hold', () => {
  const d = decide(makeSnapshot());
  it('lists the five conditions in order', () => {
    expect(d.conditions.map((c) => c.id)).toEqual(['enabled', 'supported', 'no-fork-child', 'frag-pct', 'frag-bytes']);
    expect(Object.values(state(d))).toEqual([true, true, true, true, true]);
  });
  it('will run at the clamped effort (173% -> 25)', () => {
    expect(d).toMatchObject({ verdict: 'will-run', willRun: true, cpuPercent: 25, blockingId: null, fragPct: 173, fragBytes: 224 * MB });
    expect(d.reason).toBe('All five conditions hold: active defrag will start within about a second, using 25% CPU.');
    expect(d.warnings).toEqual([]);
  });
  it('carries figures in actual/threshold', () => {
    expect(cond(d, 'frag-pct')).toMatchObject({ actual: 173, threshold: 10 });
    expect(cond(d, 'frag-bytes')).toMatchObject({ actual: 224 * MB, threshold: 100 * MB });
    expect(cond(d, 'frag-bytes').explanation).toBe('allocator_frag_bytes 224 MiB >= ignore-bytes 100 MiB.');
    expect(cond(d, 'frag-pct').explanation).toBe('Allocator fragmentation 173% (allocator_frag_ratio 2.73, small-bin waste only) >= threshold-lower 10%.');
  });
});

describe('decide: each condition failing alone', () => {
  it('activedefrag off', () => {
    const d = decide(makeSnapshot({ config: { activedefrag: false } }));
    expect(state(d)).toEqual({ enabled: false, supported: true, 'no-fork-child': true, 'frag-pct': true, 'frag-bytes': true });
    expect(d).toMatchObject({ verdict: 'will-not-run', willRun: false, blockingId: 'enabled', cpuPercent: null });
    expect(d.reason).toBe('Active defrag will not run: activedefrag is off.');
  });

  it('unsupported build, with the server refusal text', () => {
    const reason = "CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled";
    const d = decide(makeSnapshot({ config: { activedefrag: false }, derived: { defragSupported: false, defragUnsupportedReason: reason } }));
    expect(cond(d, 'supported')).toMatchObject({ pass: false, actual: false });
    expect(cond(d, 'supported').explanation).toContain(reason);
    expect(d.reason).toBe('Active defrag will not run: activedefrag is off.');
    const yes = decide(makeSnapshot({ derived: { defragSupported: false, defragUnsupportedReason: reason } }));
    expect(yes).toMatchObject({ verdict: 'will-not-run', blockingId: 'supported' });
  });

  it('unsupported: libc allocator when the probe could not run', () => {
    const d = decide(makeSnapshot({ config: { activedefrag: null }, server: { allocator: 'libc' }, derived: { defragSupported: null } }));
    expect(cond(d, 'supported')).toMatchObject({ pass: false, explanation: 'mem_allocator is libc: active defrag needs a jemalloc build.' });
  });

  it.each([
    ['rdb_bgsave_in_progress', 'BGSAVE'],
    ['aof_rewrite_in_progress', 'AOF rewrite'],
    ['module_fork_in_progress', 'module fork'],
  ] as const)('fork child: %s', (field, name) => {
    const d = decide(makeSnapshot({ info: { [field]: 1 } }));
    expect(state(d)['no-fork-child']).toBe(false);
    expect(cond(d, 'no-fork-child').actual).toBe(name);
    expect(d).toMatchObject({ verdict: 'will-not-run', blockingId: 'no-fork-child', cpuPercent: null });
    expect(cond(d, 'no-fork-child').explanation).toContain('defrag waits until it exits');
    expect(d.reason).toBe(`Active defrag will not run: a ${name} child is running; the start test runs again once it exits.`);
  });

  it('fork child known only from derived.forkChildActive, or not at all', () => {
    const nulls = { rdb_bgsave_in_progress: null, aof_rewrite_in_progress: null, module_fork_in_progress: null };
    expect(cond(decide(makeSnapshot({ info: nulls, derived: { forkChildActive: true } })), 'no-fork-child').pass).toBe(false);
    expect(cond(decide(makeSnapshot({ info: nulls, derived: { forkChildActive: false } })), 'no-fork-child').pass).toBe(true);
    const d = decide(makeSnapshot({ info: nulls, derived: { forkChildActive: null } }));
    expect(cond(d, 'no-fork-child').pass).toBeNull();
    expect(d.verdict).toBe('unknown');
  });

  it('Redis < 6.0 has no module_fork_in_progress: the other two flags suffice', () => {
    const d = decide(makeSnapshot({ info: { module_fork_in_progress: null } }));
    expect(cond(d, 'no-fork-child').pass).toBe(true);
  });

  it('fragmentation below threshold-lower', () => {
    const d = decide(makeSnapshot({ info: withFrag(3, 224 * MB) }));
    expect(state(d)).toMatchObject({ 'frag-pct': false, 'frag-bytes': true });
    expect(d).toMatchObject({ verdict: 'will-not-run', blockingId: 'frag-pct', cpuPercent: null });
    expect(d.reason).toBe('Active defrag will not run: allocator fragmentation 3% is below threshold-lower 10%.');
  });

  it('fragmented bytes below ignore-bytes (redis#13612: 28% but 600 KiB)', () => {
    const d = decide(makeSnapshot({ info: withFrag(28, 617552) }));
    expect(state(d)).toMatchObject({ 'frag-pct': true, 'frag-bytes': false });
    expect(d).toMatchObject({ verdict: 'will-not-run', blockingId: 'frag-bytes' });
    expect(d.reason).toBe('Active defrag will not run: only 603 KiB is fragmented, below ignore-bytes 100 MiB.');
    expect(cond(d, 'frag-bytes').explanation).toBe('allocator_frag_bytes 603 KiB < ignore-bytes 100 MiB.');
  });
});

describe('decide: thresholds', () => {
  it('both thresholds failing: the first is blocking, both shown', () => {
    const d = decide(makeSnapshot({ info: withFrag(5, 10 * MB) }));
    expect(state(d)).toMatchObject({ 'frag-pct': false, 'frag-bytes': false });
    expect(d.blockingId).toBe('frag-pct');
  });

  it('ignore-bytes is inclusive (>=)', () => {
    expect(decide(makeSnapshot({ info: withFrag(50, 100 * MB) })).verdict).toBe('will-run');
    expect(decide(makeSnapshot({ info: withFrag(50, 100 * MB - 1) })).verdict).toBe('will-not-run');
  });

  it('threshold-lower is inclusive, from the bytes in C float (15 MB of 100 MB vs lower 15)', () => {
    const info = { allocator_frag_ratio: 1.15, allocator_frag_bytes: 15 * MB, allocator_allocated: 100 * MB };
    const d = decide(makeSnapshot({ info, config: { 'active-defrag-threshold-lower': 15 } }));
    expect(cond(d, 'frag-pct')).toMatchObject({ pass: true });
    expect(d.fragPct).toBeCloseTo(15, 5);
    expect(d.fragPctExact).toBe(true);
    expect(cond(d, 'frag-pct').explanation).not.toContain('either way');
  });

  it('Redis >= 7.4 without INFO debug: approximate, and the explanation says why', () => {
    const d = decide(makeSnapshot({ info: { allocator_allocated_lua: null } }));
    expect(d.fragPctExact).toBe(false);
    expect(d.fragPctNote).toContain('INFO debug');
    expect(cond(d, 'frag-pct').explanation).toContain('approximate: INFO debug (allocator_allocated_lua) is unavailable');
  });

  it('without byte figures it falls back to the rounded ratio and says the edge is uncertain', () => {
    const d = decide(makeSnapshot({ info: { allocator_frag_ratio: 1.15, allocator_allocated: null }, config: { 'active-defrag-threshold-lower': 15 } }));
    expect(cond(d, 'frag-pct')).toMatchObject({ pass: true, actual: 15 });
    expect(d.fragPctExact).toBe(false);
    expect(cond(d, 'frag-pct').explanation).toContain('the server may decide either way');
  });

  it('upper == lower: effort undefined, not guessed', () => {
    const d = decide(makeSnapshot({ config: { 'active-defrag-threshold-upper': 10 } }));
    expect(d).toMatchObject({ verdict: 'will-run', cpuPercent: null });
    expect(d.reason).toContain('undefined effort');
    expect(d.warnings.join(' ')).toMatch(/divides by zero.*undefined and unpredictable/);
  });

  it('lower > upper: runs at cycle-min', () => {
    const d = decide(makeSnapshot({ config: { 'active-defrag-threshold-lower': 50, 'active-defrag-threshold-upper': 20, 'active-defrag-cycle-min': 5 } }));
    expect(d.cpuPercent).toBe(5);
    expect(d.warnings.join(' ')).toContain('threshold-upper (20%) is below threshold-lower (50%)');
  });

  it('cycle-min > cycle-max: runs at cycle-min', () => {
    const d = decide(makeSnapshot({ config: { 'active-defrag-cycle-min': 30, 'active-defrag-cycle-max': 10 } }));
    expect(d.cpuPercent).toBe(30);
    expect(d.warnings.join(' ')).toContain('cycle-min (30%) is above cycle-max (10%)');
  });
});

describe('decide: worked examples from the facts', () => {
  it.each([
    [20, 3],
    [55, 13],
    [100, 25],
    [180, 25],
  ])('defaults: frag %s pct -> cpu %s', (pct, cpu) => {
    expect(decide(makeSnapshot({ info: withFrag(pct, 200 * MB) })).cpuPercent).toBe(cpu);
  });

  it('Redis 7.4.1: 217% / 72 MiB waits for ignore-bytes 100mb, starts at 25 with 10mb', () => {
    const snap = makeSnapshot({ info: { allocator_frag_ratio: 3.17, allocator_frag_bytes: 75830720 } });
    expect(decide(snap)).toMatchObject({ verdict: 'will-not-run', blockingId: 'frag-bytes' });
    expect(decide(snap, { 'active-defrag-ignore-bytes': 10 * MB })).toMatchObject({ verdict: 'will-run', cpuPercent: 25, whatIf: true });
  });

  it('Redis 7.4.1: frag ~39.9% restarts at 8 (8.97 truncated)', () => {
    const snap = makeSnapshot({ info: { allocator_frag_ratio: 1.399, allocator_frag_bytes: 13775552 }, config: { 'active-defrag-ignore-bytes': 10 * MB } });
    expect(decide(snap).cpuPercent).toBe(8);
  });
});

describe('decide: unknowns', () => {
  it('support unknown (probe not run) while enabling as a what-if', () => {
    const snap = makeSnapshot({ config: { activedefrag: false }, derived: { defragSupported: null } });
    const d = decide(snap, { activedefrag: true });
    expect(cond(d, 'supported').pass).toBeNull();
    expect(d).toMatchObject({ verdict: 'unknown', willRun: null, cpuPercent: 25, blockingId: null });
    expect(d.reason).toBe('Cannot tell whether active defrag will run: unknown build supports active defrag; if it runs, it will use 25% CPU.');
  });

  it('support inferred when activedefrag is already yes', () => {
    const d = decide(makeSnapshot({ derived: { defragSupported: null } }));
    expect(cond(d, 'supported').pass).toBe(true);
  });

  it('activedefrag unreadable (CONFIG forbidden)', () => {
    const d = decide(makeSnapshot({ config: { activedefrag: null }, derived: { defragSupported: null } }));
    expect(cond(d, 'enabled').pass).toBeNull();
    expect(d.verdict).toBe('unknown');
    expect(d.warnings.join(' ')).toContain('Missing from the snapshot: activedefrag');
  });

  it('missing INFO fields: cannot tell, and says which', () => {
    const d = decide(makeSnapshot({ info: { allocator_frag_ratio: null, allocator_frag_bytes: null } }));
    expect(state(d)).toMatchObject({ 'frag-pct': null, 'frag-bytes': null });
    expect(d).toMatchObject({ verdict: 'unknown', cpuPercent: null, fragPct: null });
    expect(d.warnings).toContain('Missing from the snapshot: allocator_frag_ratio, allocator_frag_bytes; the conditions that need them show "cannot tell".');
  });

  it('missing config value', () => {
    const d = decide(makeSnapshot({ config: { 'active-defrag-threshold-lower': null, 'active-defrag-ignore-bytes': null } }));
    expect(state(d)).toMatchObject({ 'frag-pct': null, 'frag-bytes': null });
    expect(d.cpuPercent).toBeNull();
  });
});

describe('decide: overrides', () => {
  it('applies only defined keys and reports the config it used', () => {
    const d = decide(makeSnapshot(), { 'active-defrag-cycle-max': 75, 'active-defrag-cycle-min': undefined });
    expect(d.config['active-defrag-cycle-max']).toBe(75);
    expect(d.config['active-defrag-cycle-min']).toBe(1);
    expect(d.cpuPercent).toBe(75);
    expect(d.whatIf).toBe(true);
    expect(decide(makeSnapshot(), { 'active-defrag-cycle-max': 25 }).whatIf).toBe(false);
  });

  it('marks overridden values in the explanation', () => {
    const d = decide(makeSnapshot(), { 'active-defrag-threshold-lower': 200 });
    expect(cond(d, 'frag-pct').explanation).toContain('threshold-lower 200% (what-if)');
    expect(d.verdict).toBe('will-not-run');
  });
});
