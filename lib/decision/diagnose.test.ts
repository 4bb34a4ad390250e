import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { diagnose } from './diagnose';
import { makeSnapshot, MB, withFrag, type SnapshotPatch } from './snapshot.test-support';
import type { ConfigOverrides } from './types';

const run = (patch: SnapshotPatch = {}, overrides?: ConfigOverrides) => {
  const s = makeSnapshot(patch);
  return diagnose(s, decide(s, overrides));
};
const ids = (patch?: SnapshotPatch, overrides?: ConfigOverrides) => run(patch, overrides).map((d) => d.id);

describe('diagnose: defrag not starting', () => {
  it('nothing to report when it will run', () => {
    expect(run()).toEqual([]);
  });

  it('activedefrag off while fragmentation would start it: warn', () => {
    const [d] = run({ config: { activedefrag: false } });
    expect(d).toMatchObject({ id: 'not-starting-enabled', severity: 'warn', advice: 'CONFIG SET activedefrag yes (the build must support it).' });
    expect(d!.detail).toContain('thresholds are met');
  });

  it('activedefrag off and nothing to defragment: info only', () => {
    expect(run({ config: { activedefrag: false }, info: withFrag(2, MB) }).map((d) => [d.id, d.severity])).toEqual([
      ['not-starting-enabled', 'info'],
      ['not-starting-frag-pct', 'info'],
      ['not-starting-frag-bytes', 'info'],
    ]);
  });

  it('this build cannot defrag: server text and the way out, first', () => {
    const reason = 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc';
    const list = run({ config: { activedefrag: false }, derived: { defragSupported: false, defragUnsupportedReason: reason } });
    expect(list[0]).toMatchObject({ id: 'not-starting-supported', severity: 'error', title: 'Defrag not starting: this build cannot defrag' });
    expect(list[0]!.detail).toContain(reason);
    expect(list[0]!.advice).toContain('npm run lab -- build');
    expect(list[0]!.advice).toContain('bundled jemalloc');
  });

  it('fork child', () => {
    expect(run({ info: { aof_rewrite_in_progress: 1 } })[0]).toMatchObject({
      id: 'not-starting-no-fork-child',
      title: 'Defrag paused: a fork child is running',
    });
  });

  it('below threshold-lower, with the 7.4 small-bin note', () => {
    const [d] = run({ info: withFrag(3, 200 * MB) });
    expect(d!.id).toBe('not-starting-frag-pct');
    expect(d!.detail).toContain('counts small-bin waste only');
    expect(d!.advice).toContain('at or below 3%');
  });

  it('below ignore-bytes, naming the exact byte count', () => {
    const [d] = run({ info: withFrag(28, 617552) });
    expect(d!.id).toBe('not-starting-frag-bytes');
    expect(d!.advice).toBe('If reclaiming about 603 KiB is worth the CPU, set active-defrag-ignore-bytes at or below that (e.g. 603kb).');
  });

  it('cannot tell: each unknown condition named with advice', () => {
    const list = run({ config: { activedefrag: false }, derived: { defragSupported: null } }, { activedefrag: true });
    expect(list).toEqual([expect.objectContaining({ id: 'unknown-supported', severity: 'info', title: 'Cannot tell: build supports active defrag' })]);
    expect(ids({ info: { allocator_frag_ratio: null, allocator_allocated: null } })).toEqual(['unknown-frag-pct']);
  });
});

describe('diagnose: while running', () => {
  it('misses dominating hits: warn below 1% moved, with the max-scan-fields hint', () => {
    const [d] = run({ info: { active_defrag_running: 10, active_defrag_hits: 50, active_defrag_misses: 100_000 } });
    expect(d).toMatchObject({ id: 'misses-dominate', severity: 'warn' });
    expect(d!.detail).toContain('active_defrag_misses 100000 vs hits 50');
    expect(d!.advice).toContain('active-defrag-max-scan-fields (1000)');
  });

  it('misses above hits but moving something: info', () => {
    expect(run({ info: { active_defrag_running: 10, active_defrag_hits: 400, active_defrag_misses: 600 } })[0]).toMatchObject({ severity: 'info' });
  });

  it('hits dominating: nothing to say', () => {
    expect(ids({ info: { active_defrag_running: 10, active_defrag_hits: 1_500_000, active_defrag_misses: 20_000 } })).toEqual([]);
  });

  it('effort pinned at cycle-max: lowering works mid-pass on 7.4', () => {
    const [d] = run({ info: { active_defrag_running: 25 } });
    expect(d).toMatchObject({ id: 'pinned-cycle-max', severity: 'warn', title: 'Defrag effort pinned at cycle-max (25% CPU)' });
    expect(d!.advice).toBe('If latency suffers, lower active-defrag-cycle-max. On redis 7.4.6 a lower value takes effect mid-pass.');
  });

  it('effort pinned at cycle-max before 7.4: needs activedefrag no then yes', () => {
    const [d] = run({ server: { version: '7.0.15' }, info: { active_defrag_running: 25 } });
    expect(d!.advice).toContain('set it, then CONFIG SET activedefrag no and yes again');
  });

  it('effort pinned, version unknown: both rules stated', () => {
    const [d] = run({ server: { version: null }, info: { active_defrag_running: 25 } });
    expect(d!.advice).toContain('From Redis 7.4 / Valkey 8.0');
  });

  it('not pinned below cycle-max, nor with cycle-min > cycle-max', () => {
    expect(ids({ info: { active_defrag_running: 8 } })).toEqual([]);
    expect(ids({ info: { active_defrag_running: 30 }, config: { 'active-defrag-cycle-min': 30, 'active-defrag-cycle-max': 10 } })).toEqual([]);
  });

  it('paused by a fork child', () => {
    expect(ids({ info: { active_defrag_running: 8, rdb_bgsave_in_progress: 1 } })).toEqual(['running-paused']);
  });
});

describe('diagnose: config', () => {
  it('threshold-upper == threshold-lower is an error', () => {
    expect(run({}, { 'active-defrag-threshold-upper': 10 })[0]).toMatchObject({ id: 'thresholds-equal', severity: 'error' });
  });
});
