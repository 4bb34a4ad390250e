import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { diagnoseLatency } from './diagnose-latency';
import { makeSnapshot } from './snapshot.test-support';

const ids = (snapshot: ReturnType<typeof makeSnapshot>) => diagnoseLatency(snapshot, decide(snapshot)).map((d) => d.id);

describe('diagnoseLatency', () => {
  const running = { info: { active_defrag_running: 25 }, config: { activedefrag: true } };

  it('says nothing while defrag is off', () => {
    expect(ids(makeSnapshot({ config: { activedefrag: false }, latency: { monitorThresholdMs: 0 } }))).toEqual([]);
  });

  it('tells how to turn latency monitoring on when it is off and defrag is on', () => {
    const items = diagnoseLatency(makeSnapshot({ ...running, latency: { monitorThresholdMs: 0 } }), decide(makeSnapshot(running)));
    expect(items.map((d) => d.id)).toEqual(['latency-monitor-off']);
    expect(items[0]?.advice).toContain('CONFIG SET latency-monitor-threshold');
  });

  it('reports the active-defrag-cycle event with advice to lower cycle-max, as a warning from 50 ms', () => {
    const at = 1_700_000_000_000;
    const snapshot = makeSnapshot({ ...running, latency: { monitorThresholdMs: 1, defragCycle: { at, latestMs: 12, maxMs: 43 } } });
    const [item] = diagnoseLatency(snapshot, decide(snapshot));
    expect(item).toMatchObject({ id: 'latency-defrag-cycle', severity: 'info' });
    expect(item?.detail).toContain('latest 12 ms, max 43 ms');
    expect(item?.advice).toContain('active-defrag-cycle-max');
    const worse = makeSnapshot({ ...running, latency: { monitorThresholdMs: 1, defragCycle: { at, latestMs: 60, maxMs: 60 } } });
    expect(diagnoseLatency(worse, decide(worse))[0]?.severity).toBe('warn');
  });

  it('flags a slow poll only while a pass runs', () => {
    expect(ids(makeSnapshot({ ...running, latency: { monitorThresholdMs: 10 }, derived: { pollRttMs: 35 } }))).toEqual(['latency-slow-poll']);
    expect(ids(makeSnapshot({ ...running, latency: { monitorThresholdMs: 10 }, derived: { pollRttMs: 3 } }))).toEqual([]);
    const idle = { info: { active_defrag_running: 0, allocator_frag_ratio: 1.01 }, config: { activedefrag: true } };
    expect(ids(makeSnapshot({ ...idle, latency: { monitorThresholdMs: 10 }, derived: { pollRttMs: 35 } }))).toEqual([]);
  });
});
