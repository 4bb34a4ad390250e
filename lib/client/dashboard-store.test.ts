import { describe, expect, it } from 'vitest';
import { emptyConfig, emptyInfo, emptyLatency, type Snapshot } from '@/lib/snapshot';
import { createDashboardStore } from './dashboard-store';

function snap(seq: number, ok = true, targetId = 't'): Snapshot {
  return {
    targetId,
    seq,
    at: 1_000_000 + seq * 1000,
    ok,
    ...(ok ? {} : { error: 'connect ECONNREFUSED' }),
    server: { engine: 'redis', version: '7.0.15', allocator: 'jemalloc-5.3.0', runId: 'r' },
    info: { ...emptyInfo(), used_memory: seq },
    config: emptyConfig(),
    latency: emptyLatency(),
    derived: {
      health: ok ? 'healthy' : 'unknown',
      connection: ok ? 'connected' : 'disconnected',
      pollRttMs: 1,
      defragSupported: null,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: 0,
      parseWarnings: [],
    },
  };
}

describe('dashboard store', () => {
  it('keeps the last good snapshot through an outage and dates the outage', () => {
    const store = createDashboardStore('t');
    store.getState().applySnapshot(snap(1));
    store.getState().applySnapshot(snap(2));
    store.getState().applySnapshot(snap(3, false));
    store.getState().applySnapshot(snap(4, false));
    const state = store.getState();
    expect(state.latest?.seq).toBe(4);
    expect(state.lastOk?.seq).toBe(2);
    expect(state.downSince).toBe(snap(3).at);
    store.getState().applySnapshot(snap(5));
    expect(store.getState().downSince).toBeNull();
    expect(store.getState().lastOk?.seq).toBe(5);
  });

  it('ignores other targets and replayed snapshots', () => {
    const store = createDashboardStore('t');
    store.getState().applySnapshot(snap(5));
    store.getState().applySnapshot(snap(4));
    store.getState().applySnapshot(snap(6, true, 'other'));
    expect(store.getState().latest?.seq).toBe(5);
    expect(store.getState().historyVersion).toBe(1);
  });
});

describe('live history columns', () => {
  it('appends each sample in place, with per-second rates and no negative rate after a reset', () => {
    const store = createDashboardStore('t', 1000);
    const empty = { from: snap(0).at - 60_000, to: snap(0).at, t: [], series: {} };
    store.getState().applyHistory(empty);
    const withHits = (seq: number, hits: number) => ({ ...snap(seq), info: { ...snap(seq).info, active_defrag_hits: hits } });
    store.getState().applySnapshot(withHits(1, 100));
    store.getState().applySnapshot(withHits(2, 600)); // +500 in 1 s
    store.getState().applySnapshot(withHits(3, 50)); // CONFIG RESETSTAT
    store.getState().applySnapshot(snap(4, false)); // outage: a gap
    const { liveHistory, historyVersion } = store.getState();
    expect(liveHistory).toBe(empty); // same object, appended in place
    expect(liveHistory!.t).toHaveLength(4);
    expect(liveHistory!.series.active_defrag_hits_per_sec).toEqual([null, 500, null, null]);
    expect(liveHistory!.series.used_memory).toEqual([1, 2, 3, null]);
    expect(historyVersion).toBe(5);
  });
});

describe('initial samples from the server render', () => {
  it('starts with the figures the server had, so the first paint shows them', () => {
    const store = createDashboardStore('t', 1000, { latest: snap(5), lastOk: snap(5) });
    expect(store.getState().lastOk?.seq).toBe(5);
    expect(store.getState().streamStatus).toBe('connecting');
    // The stream replays what the page already showed: ignored; newer samples advance.
    store.getState().applySnapshot(snap(5));
    store.getState().applySnapshot(snap(6));
    expect(store.getState().latest?.seq).toBe(6);
  });
  it('starts in an outage when the newest sample failed, and ignores another target', () => {
    const down = createDashboardStore('t', 1000, { latest: snap(7, false), lastOk: snap(6) });
    expect(down.getState().lastOk?.seq).toBe(6);
    expect(down.getState().downSince).toBe(snap(7, false).at);
    const other = createDashboardStore('t', 1000, { latest: snap(1, true, 'u'), lastOk: snap(1, true, 'u') });
    expect(other.getState().lastOk).toBeNull();
  });
});
