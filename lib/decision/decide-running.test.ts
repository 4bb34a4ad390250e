import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import type { ConditionId, Decision } from './types';
import { makeSnapshot, MB, withFrag } from './snapshot.test-support';

const cond = (d: Decision, id: ConditionId) => d.conditions.find((c) => c.id === id)!;

describe('decide: a pass is running (active_defrag_running > 0)', () => {
  it('is running at the reported effort', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 } }));
    expect(d).toMatchObject({ verdict: 'running', willRun: true, currentCpuPercent: 25, cpuPercent: 25, blockingId: null });
    expect(d.reason).toBe('Active defrag is running at 25% CPU; the pass continues until it has scanned the whole keyspace.');
  });

  it('continues although fragmentation fell below threshold-lower, and says so in the condition lines', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25, ...withFrag(4, 5 * MB) } }));
    expect(d.verdict).toBe('running');
    expect(cond(d, 'frag-pct').pass).toBe(false);
    expect(cond(d, 'frag-pct').explanation).toContain('does not re-check the thresholds until its scan ends, so it carries on regardless');
    expect(cond(d, 'frag-bytes').explanation).toContain('carries on regardless');
    // The formula now gives cycle-min, but the effort only ratchets up: it stays at 25.
    expect(d.cpuPercent).toBe(25);
  });

  it('mentions the running pass on passing thresholds too', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 } }));
    expect(cond(d, 'frag-pct').explanation).toMatch(/>= threshold-lower 10%; a pass is running/);
  });

  it('a lower cycle-max takes effect mid-pass on Redis 7.4', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 } }), { 'active-defrag-cycle-max': 5 });
    expect(d.cpuPercent).toBe(5);
    expect(d.reason).toContain('With these values the next check would set 5% CPU.');
  });

  it('a lower cycle-max is ignored mid-pass before 7.4 (ratchet)', () => {
    const d = decide(makeSnapshot({ server: { version: '7.0.15' }, info: { active_defrag_running: 25 } }), { 'active-defrag-cycle-max': 5 });
    expect(d.cpuPercent).toBe(25);
  });

  it('threshold-lower has no apply hook: changing it cannot lower a running pass even on 7.4', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25, ...withFrag(20, 200 * MB) } }), { 'active-defrag-threshold-lower': 15 });
    expect(d.cpuPercent).toBe(25);
  });

  it('a higher effort is picked up at once', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 8 } }));
    expect(d.cpuPercent).toBe(25);
  });

  it('is paused, not stopped, while a fork child runs', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25, rdb_bgsave_in_progress: 1 } }));
    expect(d.verdict).toBe('running');
    expect(cond(d, 'no-fork-child').explanation).toContain('the running pass is paused until it exits');
    expect(d.reason).toContain('paused while the fork child runs');
  });

  it('switching activedefrag off as a what-if ends the pass', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 } }), { activedefrag: false });
    expect(d).toMatchObject({ verdict: 'will-not-run', blockingId: 'enabled', cpuPercent: null });
    expect(cond(d, 'enabled').explanation).toContain('ends the running pass');
  });

  it('a running value with activedefrag no is stale (Redis < 6.0)', () => {
    const d = decide(makeSnapshot({ server: { version: '5.0.14' }, config: { activedefrag: false }, info: { active_defrag_running: 25 } }));
    expect(d.verdict).toBe('will-not-run');
    expect(d.warnings.join(' ')).toContain('stale value');
  });

  it('activedefrag unreadable but running: enabled and supported are inferred', () => {
    const d = decide(makeSnapshot({ config: { activedefrag: null }, derived: { defragSupported: null }, info: { active_defrag_running: 12 } }));
    expect(cond(d, 'enabled').pass).toBe(true);
    expect(cond(d, 'supported').pass).toBe(true);
    expect(d.verdict).toBe('running');
  });

  it('running contradicts a failed probe: INFO wins, with a warning', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 }, derived: { defragSupported: false } }));
    expect(d.verdict).toBe('running');
    expect(d.warnings.join(' ')).toContain('INFO is trusted here');
  });

  it('upper == lower while running: effort unpredictable', () => {
    const d = decide(makeSnapshot({ info: { active_defrag_running: 25 }, config: { 'active-defrag-threshold-upper': 10 } }));
    expect(d.cpuPercent).toBeNull();
  });
});

describe('decide: per engine and version', () => {
  it('Redis 8.0: the prediction is an upper bound (decay factor) and decided every tick', () => {
    const d = decide(makeSnapshot({ server: { version: '8.0.2' } }));
    expect(d.cpuIsUpperBound).toBe(true);
    expect(d.reason).toBe('All five conditions hold: active defrag will start at the next cron tick, using at most 25% CPU.');
  });

  it('Redis 7.4 is exact and decides about once a second', () => {
    const d = decide(makeSnapshot({ server: { version: '7.4.1' } }));
    expect(d.cpuIsUpperBound).toBe(false);
    expect(d.reason).toContain('within about a second');
  });

  it('Valkey 8.1: exact, every tick', () => {
    const d = decide(makeSnapshot({ server: { engine: 'valkey', version: '8.1.1' } }));
    expect(d).toMatchObject({ cpuIsUpperBound: false, verdict: 'will-run', cpuPercent: 25 });
    expect(d.reason).toContain('at the next cron tick, using 25% CPU');
  });

  it('Valkey 8.1 running: lowering cycle-max mid-pass applies', () => {
    const d = decide(makeSnapshot({ server: { engine: 'valkey', version: '8.1.1' }, info: { active_defrag_running: 75 } }), {
      'active-defrag-cycle-max': 30,
    });
    expect(d.cpuPercent).toBe(30);
  });

  it('Redis 7.0 / 7.2 allocator_frag is not labelled small-bin only', () => {
    const d = decide(makeSnapshot({ server: { version: '7.0.15' } }));
    expect(d.conditions[3]!.explanation).not.toContain('small-bin');
  });

  it('unknown engine or version: warning, prediction treated as a ceiling', () => {
    const d = decide(makeSnapshot({ server: { engine: null, version: null } }));
    expect(d.cpuIsUpperBound).toBe(true);
    expect(d.warnings.join(' ')).toContain('engine or its version is unknown');
    expect(d.reason).toContain('shortly, using at most 25% CPU');
  });

  it('Redis older than 7.0: INFO lacks fields', () => {
    const d = decide(makeSnapshot({ server: { version: '6.2.14' } }));
    expect(d.warnings.join(' ')).toContain('redis 6.2.14 is older than 7.0');
    const old = decide(makeSnapshot({ server: { version: '4.0.14' } }));
    expect(old.warnings.join(' ')).toContain('Before 5.0 INFO has no allocator_* figures');
  });
});

describe('decide: data quality warnings', () => {
  it('tiny dataset: ratios meaningless', () => {
    const d = decide(makeSnapshot({ info: { used_memory: 1 * MB, mem_fragmentation_ratio: 7.5, ...withFrag(8, 100 * 1024) } }));
    expect(d.ruleOfThumb.health).toBe('too-small');
    expect(d.warnings[0]).toBe('used_memory is only 1 MiB (under 5 MiB): the instance is nearly empty and fragmentation ratios are meaningless.');
    expect(d.disagreement).toBeNull();
  });

  it('failed sample, stalled connection and parser warnings', () => {
    expect(decide(makeSnapshot({ ok: false, error: 'ECONNREFUSED' })).warnings[0]).toBe('The last sample failed (ECONNREFUSED): these figures may be stale.');
    expect(decide(makeSnapshot({ derived: { connection: 'stalled' } })).warnings[0]).toContain('connection is stalled');
    expect(decide(makeSnapshot({ derived: { parseWarnings: ['used_memory: "abc"'] } })).warnings[0]).toContain('skipped 1 value(s)');
  });
});
