import { describe, expect, it } from 'vitest';
import { MB } from '../decision/snapshot.test-support';
import { activeAlerts } from './evaluator';
import { driver, MIN, SEC, T0 } from './driver.test-support';

/** Samples every `step` ms from `from` to `to` inclusive. */
function every(step: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let t = from; t <= to; t += step) out.push(t);
  return out;
}

const HEALTHY = { info: { mem_fragmentation_ratio: 1.2 } };

describe('rss-ratio-high', () => {
  it('fires exactly when the ratio has been above 2.0 for 15 minutes, once', () => {
    const d = driver();
    for (const t of every(MIN, 0, 14 * MIN)) d.observe(t);
    d.observe(15 * MIN - 1);
    expect(d.timeline('rss-ratio-high')).toEqual([]);
    expect(d.state.rules['rss-ratio-high']).toMatchObject({ phase: 'pending', since: T0 });
    d.observe(15 * MIN);
    for (const t of every(MIN, 16 * MIN, 60 * MIN)) d.observe(t);
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`]);
    const fired = d.events.find((e) => e.rule === 'rss-ratio-high')!;
    expect(fired).toMatchObject({ targetId: 't1', since: T0, value: 2.77, severity: 'warning' });
    expect(fired.message).toBe('mem_fragmentation_ratio is 2.77, above 2 (RSS 360 MiB for 130 MiB used)');
  });

  it('resolves when the ratio falls to the threshold, with the fire\u2019s since; equal is not above', () => {
    const d = driver();
    d.observe(0);
    d.observe(15 * MIN);
    d.observe(20 * MIN, { info: { mem_fragmentation_ratio: 2.0 } });
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`, `resolved@${20 * MIN}`]);
    const resolved = d.events.at(-1)!;
    expect(resolved).toMatchObject({ since: T0, value: 2, message: 'mem_fragmentation_ratio is 2.00, at or below 2' });
    expect(d.state.rules['rss-ratio-high'].phase).toBe('inactive');
  });

  it('a dip below the threshold while pending restarts the clock', () => {
    const d = driver();
    d.observe(0);
    d.observe(10 * MIN, HEALTHY);
    d.observe(11 * MIN);
    d.observe(25 * MIN);
    expect(d.timeline('rss-ratio-high')).toEqual([]);
    d.observe(26 * MIN);
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${26 * MIN}`]);
    expect(d.events.at(-1)!.since).toBe(T0 + 11 * MIN);
  });

  it('failed samples neither resolve a firing alert nor reset a pending one', () => {
    const d = driver();
    d.observe(0);
    d.observe(15 * MIN);
    for (const t of every(SEC, 15 * MIN + SEC, 25 * MIN)) d.down(t);
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`]);
    d.observe(26 * MIN);
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`]);
    // target-down spoke for the outage instead.
    expect(d.timeline('target-down')).toEqual([`fired@${15 * MIN + 30 * SEC}`, `resolved@${26 * MIN}`]);

    const p = driver();
    p.observe(0);
    p.down(5 * MIN);
    p.observe(15 * MIN);
    expect(p.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`]);
  });

  it('a missing figure holds the state; under 5 MiB used the ratio means nothing (resolves)', () => {
    const d = driver();
    d.observe(0);
    d.observe(15 * MIN);
    d.observe(16 * MIN, { info: { mem_fragmentation_ratio: null } });
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`]);
    d.observe(17 * MIN, { info: { used_memory: 4 * MB, mem_fragmentation_ratio: 9 } });
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${15 * MIN}`, `resolved@${17 * MIN}`]);
    expect(d.events.at(-1)!.message).toMatch(/under 5 MiB/);

    const small = driver();
    for (const t of every(MIN, 0, 60 * MIN)) small.observe(t, { info: { used_memory: 1 * MB, mem_fragmentation_ratio: 12 } });
    expect(small.timeline('rss-ratio-high')).toEqual([]);
  });

  it('honours threshold and duration overrides', () => {
    const d = driver({ 'rss-ratio-high': { threshold: 1.1, forMinutes: 5 } });
    d.observe(0, HEALTHY);
    d.observe(5 * MIN - 1, HEALTHY);
    expect(d.timeline('rss-ratio-high')).toEqual([]);
    d.observe(5 * MIN, HEALTHY);
    expect(d.timeline('rss-ratio-high')).toEqual([`fired@${5 * MIN}`]);
  });

  it('forMinutes 0 fires on the first sample; a disabled rule never fires', () => {
    const now = driver({ 'rss-ratio-high': { forMinutes: 0 } });
    now.observe(0);
    expect(now.timeline('rss-ratio-high')).toEqual(['fired@0']);
    const off = driver({ 'rss-ratio-high': { enabled: false } });
    for (const t of every(MIN, 0, 60 * MIN)) off.observe(t);
    expect(off.timeline('rss-ratio-high')).toEqual([]);
  });
});

describe('ratio-climbing', () => {
  const climbing = (ratio: number, config = {}) => ({ info: { allocator_frag_ratio: ratio }, config: { activedefrag: true, ...config } });

  it('fires when allocator_frag_ratio rose by more than 0.2 over 15 minutes with defrag on', () => {
    const d = driver({ 'rss-ratio-high': { enabled: false } });
    // 1.20 at the start, +0.014/min: 1.41 after 15 minutes.
    for (const t of every(30 * SEC, 0, 15 * MIN - 30 * SEC)) d.observe(t, climbing(1.2 + (0.014 * t) / MIN));
    d.observe(15 * MIN - 1, climbing(1.41));
    expect(d.timeline('ratio-climbing')).toEqual([]);
    d.observe(15 * MIN, climbing(1.41));
    expect(d.timeline('ratio-climbing')).toEqual([`fired@${15 * MIN}`]);
    const fired = d.events.at(-1)!;
    expect(fired.value).toBe(1.41);
    expect(fired.message).toBe('allocator_frag_ratio rose from 1.20 to 1.41 in 15 min 0 s while activedefrag is yes: defrag is losing ground');
    d.observe(15 * MIN + 30 * SEC, climbing(1.45));
    expect(d.timeline('ratio-climbing')).toHaveLength(1);
  });

  it('a rise of exactly `rise` is not "more than"', () => {
    const d = driver();
    d.observe(0, climbing(1.2));
    d.observe(15 * MIN, climbing(1.4));
    expect(d.timeline('ratio-climbing')).toEqual([]);
    expect(d.state.rules['ratio-climbing'].phase).toBe('inactive');
  });

  it('does nothing while activedefrag is no, and resolves when it is switched off', () => {
    const off = driver();
    off.observe(0, climbing(1.2, { activedefrag: false }));
    off.observe(15 * MIN, climbing(2.0, { activedefrag: false }));
    expect(off.timeline('ratio-climbing')).toEqual([]);

    const d = driver();
    d.observe(0, climbing(1.2));
    d.observe(15 * MIN, climbing(1.6));
    d.observe(16 * MIN, climbing(1.7, { activedefrag: false }));
    expect(d.timeline('ratio-climbing')).toEqual([`fired@${15 * MIN}`, `resolved@${16 * MIN}`]);
    expect(d.events.at(-1)!.message).toBe('activedefrag is no');
    expect(d.state.memory.frag).toEqual([]);
  });

  it('resolves once the ratio stops climbing over the window (plateau)', () => {
    const d = driver({ 'ratio-climbing': { forMinutes: 10 } });
    d.observe(0, climbing(1.2));
    d.observe(10 * MIN, climbing(1.5));
    for (const t of every(MIN, 11 * MIN, 19 * MIN)) d.observe(t, climbing(1.5));
    expect(d.timeline('ratio-climbing')).toEqual([`fired@${10 * MIN}`]);
    d.observe(20 * MIN, climbing(1.5));
    expect(d.timeline('ratio-climbing')).toEqual([`fired@${10 * MIN}`, `resolved@${20 * MIN}`]);
    expect(d.events.at(-1)!.message).toMatch(/\+0\.00 in 10 min 0 s\): no longer climbing/);
  });

  it('a restart (new run_id) ends the climb and its window starts again', () => {
    const d = driver();
    d.observe(0, climbing(1.2));
    d.observe(15 * MIN, climbing(1.6));
    d.observe(16 * MIN, { ...climbing(1.05), server: { runId: 'r2' } });
    expect(d.timeline('ratio-climbing')).toEqual([`fired@${15 * MIN}`, `resolved@${16 * MIN}`]);
    expect(d.state.memory.frag).toEqual([{ at: T0 + 16 * MIN, value: 1.05 }]);
  });

  it('a baseline from long before the window (a gap) is not used', () => {
    const d = driver();
    d.observe(0, climbing(1.2));
    for (const t of every(MIN, MIN, 40 * MIN)) d.down(t);
    d.observe(41 * MIN, climbing(2.5));
    expect(d.timeline('ratio-climbing')).toEqual([]);
  });

  it('keeps a short ring, whatever the poll rate', () => {
    const d = driver({ 'rss-ratio-high': { enabled: false } });
    for (const t of every(SEC, 0, 2 * 60 * MIN)) d.observe(t, climbing(1.2));
    expect(d.state.memory.frag.length).toBeLessThanOrEqual(32);
    expect(d.state.memory.frag[0]!.at).toBeLessThanOrEqual(T0 + 105 * MIN);
  });
});

describe('defrag-unsupported', () => {
  const unsupported = {
    config: { activedefrag: true },
    derived: { defragSupported: false, defragUnsupportedReason: 'Active defragmentation cannot be enabled' },
  };

  it('fires after 1 minute of activedefrag yes on a build that cannot defrag, with Redis\u2019s reason', () => {
    const d = driver();
    d.observe(0, unsupported);
    d.observe(MIN - 1, unsupported);
    expect(d.timeline('defrag-unsupported')).toEqual([]);
    d.observe(MIN, unsupported);
    expect(d.timeline('defrag-unsupported')).toEqual([`fired@${MIN}`]);
    expect(d.events.at(-1)!.message).toBe('activedefrag is yes but this build cannot defrag: "Active defragmentation cannot be enabled"');
    d.observe(2 * MIN, { ...unsupported, config: { activedefrag: false } });
    expect(d.timeline('defrag-unsupported')).toEqual([`fired@${MIN}`, `resolved@${2 * MIN}`]);
  });

  it('without a probe answer, only a non-jemalloc allocator counts (as lib/decision reads it)', () => {
    const libc = driver();
    libc.observe(0, { server: { allocator: 'libc' }, derived: { defragSupported: null } });
    libc.observe(MIN, { server: { allocator: 'libc' }, derived: { defragSupported: null } });
    expect(libc.timeline('defrag-unsupported')).toEqual([`fired@${MIN}`]);
    expect(libc.events.at(-1)!.message).toMatch(/mem_allocator is libc/);

    const jemalloc = driver();
    jemalloc.observe(0, { derived: { defragSupported: null } });
    jemalloc.observe(MIN, { derived: { defragSupported: null } });
    expect(jemalloc.timeline('defrag-unsupported')).toEqual([]);
  });

  it('activedefrag no (or unreadable) never fires', () => {
    const d = driver();
    d.observe(0, { config: { activedefrag: false }, derived: { defragSupported: false } });
    d.observe(5 * MIN, { config: { activedefrag: null }, derived: { defragSupported: false } });
    expect(d.timeline('defrag-unsupported')).toEqual([]);
  });
});

describe('effort-at-max', () => {
  const atMax = { info: { active_defrag_running: 25 }, config: { 'active-defrag-cycle-max': 25 } };

  it('fires after 10 minutes at cycle-max, resolves when effort drops', () => {
    const d = driver();
    d.observe(0, atMax);
    d.observe(10 * MIN - 1, atMax);
    expect(d.timeline('effort-at-max')).toEqual([]);
    d.observe(10 * MIN, atMax);
    d.observe(11 * MIN, atMax);
    expect(d.timeline('effort-at-max')).toEqual([`fired@${10 * MIN}`]);
    expect(d.events.at(-1)).toMatchObject({ value: 25 });
    d.observe(12 * MIN, { info: { active_defrag_running: 0 } });
    expect(d.timeline('effort-at-max')).toEqual([`fired@${10 * MIN}`, `resolved@${12 * MIN}`]);
    expect(d.events.at(-1)!.message).toBe('no defrag pass is running');
  });

  it('below cycle-max restarts the clock; a shorter configured duration is honoured', () => {
    const d = driver({ 'effort-at-max': { forMinutes: 2 } });
    d.observe(0, atMax);
    d.observe(MIN, { info: { active_defrag_running: 24 }, config: { 'active-defrag-cycle-max': 25 } });
    d.observe(2 * MIN, atMax);
    d.observe(4 * MIN - 1, atMax);
    expect(d.timeline('effort-at-max')).toEqual([]);
    d.observe(4 * MIN, atMax);
    expect(d.timeline('effort-at-max')).toEqual([`fired@${4 * MIN}`]);
  });

  it('an unreadable cycle-max holds the state', () => {
    const d = driver({ 'effort-at-max': { forMinutes: 1 } });
    d.observe(0, atMax);
    d.observe(MIN, atMax);
    d.observe(2 * MIN, { info: { active_defrag_running: 0 }, config: { 'active-defrag-cycle-max': null } });
    expect(d.timeline('effort-at-max')).toEqual([`fired@${MIN}`]);
  });
});

describe('target-down', () => {
  it('fires when no good sample has come for 30 s (counted from the last good one), resolves on the next', () => {
    const d = driver();
    d.observe(0);
    for (const t of every(SEC, SEC, 29 * SEC)) d.down(t);
    d.down(30 * SEC - 1);
    expect(d.timeline('target-down')).toEqual([]);
    expect(d.state.rules['target-down']).toMatchObject({ phase: 'pending', since: T0 });
    d.down(30 * SEC);
    for (const t of every(SEC, 31 * SEC, 90 * SEC)) {
      d.down(t);
      d.tick(t);
    }
    expect(d.timeline('target-down')).toEqual([`fired@${30 * SEC}`]);
    expect(d.events.find((e) => e.rule === 'target-down')).toMatchObject({
      since: T0,
      value: 30,
      severity: 'critical',
      message: 'no good sample for 30 s: connect ECONNREFUSED',
    });
    d.observe(91 * SEC);
    expect(d.timeline('target-down')).toEqual([`fired@${30 * SEC}`, `resolved@${91 * SEC}`]);
    expect(d.events.at(-1)).toMatchObject({ since: T0, value: 91, message: 'the target answers again' });
  });

  it('fires from the tick alone when samples stop arriving', () => {
    const d = driver();
    d.observe(0);
    d.tick(30 * SEC - 1);
    expect(d.timeline('target-down')).toEqual([]);
    d.tick(30 * SEC);
    d.tick(31 * SEC);
    expect(d.timeline('target-down')).toEqual([`fired@${30 * SEC}`]);
    expect(d.events.at(-1)!.message).toBe('no good sample for 30 s');
  });

  it('a target never seen up counts from when watching started', () => {
    const d = driver({}, 5 * SEC);
    d.tick(34 * SEC);
    expect(d.timeline('target-down')).toEqual([]);
    d.tick(35 * SEC);
    expect(d.timeline('target-down')).toEqual([`fired@${35 * SEC}`]);
    expect(d.events.at(-1)!.since).toBe(T0 + 5 * SEC);
  });

  it('a short outage only goes pending; forSeconds and enabled are honoured', () => {
    const d = driver({ 'target-down': { forSeconds: 5 } });
    d.observe(0);
    d.down(4 * SEC);
    d.observe(4 * SEC + 500);
    d.down(9 * SEC);
    expect(d.timeline('target-down')).toEqual([]);
    d.down(9 * SEC + 500);
    expect(d.timeline('target-down')).toEqual([`fired@${9500}`]);

    const off = driver({ 'target-down': { enabled: false } });
    off.observe(0);
    off.tick(10 * MIN);
    off.down(10 * MIN);
    expect(off.events).toEqual([]);
  });
});

describe('after a restart and for removed targets', () => {
  it('resume keeps an open alert open without firing it again', () => {
    const d = driver();
    d.observe(0);
    d.down(SEC);
    d.tick(40 * SEC);
    expect(d.timeline('target-down')).toEqual([`fired@${40 * SEC}`]);
    const { state, transitions } = d.evaluator.resume(d.state, T0 + 10 * MIN);
    expect(transitions).toEqual([]);
    expect(state.rules['target-down'].phase).toBe('firing');
    d.setState(state);
    d.down(10 * MIN + SEC);
    d.tick(11 * MIN);
    d.observe(12 * MIN);
    expect(d.timeline('target-down')).toEqual([`fired@${40 * SEC}`, `resolved@${12 * MIN}`]);
    expect(d.events.at(-1)!.since).toBe(T0);
  });

  it('the dashboard\u2019s own downtime does not count as the target\u2019s', () => {
    const d = driver();
    d.observe(0);
    d.down(SEC);
    const { state } = d.evaluator.resume(d.state, T0 + 60 * MIN);
    expect(state.rules['target-down'].phase).toBe('inactive');
    d.setState(state);
    d.tick(60 * MIN + 29 * SEC);
    expect(d.timeline('target-down')).toEqual([]);
    d.observe(60 * MIN + 2 * SEC);
    d.tick(60 * MIN + 31 * SEC);
    expect(d.timeline('target-down')).toEqual([]);
  });

  it('a rule disabled since the last run resolves its open alert; a removed target resolves all', () => {
    const d = driver();
    d.observe(0);
    d.observe(15 * MIN);
    const other = driver({ 'rss-ratio-high': { enabled: false } });
    const resumed = other.evaluator.resume(d.state, T0 + 20 * MIN);
    expect(resumed.transitions).toMatchObject([{ status: 'resolved', rule: 'rss-ratio-high', since: T0, message: 'the rule was disabled' }]);
    expect(resumed.state.rules['rss-ratio-high'].phase).toBe('inactive');

    expect(d.evaluator.retire(d.state, T0 + 20 * MIN)).toMatchObject([
      { status: 'resolved', rule: 'rss-ratio-high', message: 'the target is no longer monitored' },
    ]);
  });

  it('activeAlerts lists firing rules only, with title and severity', () => {
    const d = driver();
    d.observe(0);
    d.down(SEC);
    d.down(40 * SEC);
    expect(activeAlerts(d.state)).toEqual([
      {
        targetId: 't1',
        rule: 'target-down',
        severity: 'critical',
        title: 'Target down',
        since: T0,
        firedAt: T0 + 40 * SEC,
        value: 40,
        message: 'no good sample for 40 s: connect ECONNREFUSED',
      },
    ]);
  });
});

describe('defrag-latency', () => {
  const cost = (beforeP99Usec: number, duringP99Usec: number) => ({
    status: 'ok' as const,
    reason: null,
    beforeFrom: T0 - 5 * MIN,
    runFrom: T0,
    runTo: T0 + MIN,
    meanEffort: 24.6,
    peakEffort: 25,
    eventLoop: null,
    rows: [{ command: 'get', beforeP99Usec, duringP99Usec, beforeCalls: 5000, duringCalls: 1000, ratio: duringP99Usec / beforeP99Usec }],
    all: null,
    text: null,
  });
  const running = (before: number, during: number) => ({
    info: { active_defrag_running: 25 },
    config: { 'active-defrag-cycle-min': 1, 'active-defrag-cycle-max': 25 },
    latency: { defragCost: cost(before, during) },
  });

  it('fires when a busy command\u2019s p99 during the run stays above 3x the 5 minutes before for a minute, with the cycle-max to try', () => {
    const d = driver();
    d.observe(0, running(264, 1056));
    d.observe(MIN - 1, running(264, 1056));
    expect(d.timeline('defrag-latency')).toEqual([]);
    d.observe(MIN, running(264, 1056));
    expect(d.timeline('defrag-latency')).toEqual([`fired@${MIN}`]);
    expect(d.events.at(-1)!.message).toBe(
      'GET p99 264 µs before the run, 1.1 ms during it (4.0x) while defrag ran at 25 % CPU, above 3x; try active-defrag-cycle-max 12',
    );
    // The run ends: no cost any more, the alert resolves.
    d.observe(2 * MIN, { info: { active_defrag_running: 0 } });
    expect(d.timeline('defrag-latency')).toEqual([`fired@${MIN}`, `resolved@${2 * MIN}`]);
  });

  it('exactly 3x is not above; the multiple is configurable', () => {
    const d = driver();
    d.observe(0, running(264, 792));
    d.observe(2 * MIN, running(264, 792));
    expect(d.timeline('defrag-latency')).toEqual([]);
    const lower = driver({ 'defrag-latency': { multiple: 2, forMinutes: 0 } });
    lower.observe(0, running(264, 792));
    expect(lower.timeline('defrag-latency')).toEqual(['fired@0']);
  });
});

describe('alert state saved before defrag-latency existed', () => {
  it('reads back with that rule inactive, the others as saved', async () => {
    const { targetAlertStateSchema } = await import('./state');
    const firing = { phase: 'firing', since: 1, firedAt: 2, value: 30, message: 'no good sample for 30 s' };
    const inactive = { phase: 'inactive', since: null, firedAt: null, value: null, message: null };
    const saved = {
      targetId: 't1',
      rules: { 'rss-ratio-high': inactive, 'ratio-climbing': inactive, 'defrag-unsupported': inactive, 'effort-at-max': inactive, 'target-down': firing },
      memory: { watchStart: 0, lastOkAt: null, runId: null, frag: [] },
    };
    const state = targetAlertStateSchema.parse(saved);
    expect(state.rules['target-down']).toEqual(firing);
    expect(state.rules['defrag-latency']).toEqual(inactive);
  });
});
