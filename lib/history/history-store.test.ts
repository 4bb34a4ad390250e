import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../snapshot';
import { detectRuns } from './defrag-runs';
import redis70 from './fixtures/redis-7.0.15-defrag-runs.json';
import { HistoryStore, type HistoryResult } from './history-store';
import { SERIES_NAMES } from './series';
import { MB, recordingSnapshots, snap, T0, toDefragSamples, type Recording } from './samples.test-support';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One mutable snapshot re-stamped per append: 200k snapshot objects would only test the GC. */
function feeder(store: HistoryStore) {
  const s = snap(T0, {
    info: { used_memory: 100 * MB, used_memory_rss: 150 * MB, allocator_frag_ratio: 1.23, active_defrag_running: 0, active_defrag_hits: 0 },
    thresholdLower: 10,
  });
  let hits = 0;
  return (at: number, patch: (s: Snapshot) => void = () => undefined) => {
    hits += 100;
    const copy: Snapshot = { ...s, at, info: { ...s.info, active_defrag_hits: hits } };
    patch(copy);
    return store.append(copy);
  };
}

const values = (r: HistoryResult, name: string) => r.series[name as keyof HistoryResult['series']]!;

describe('HistoryStore memory bound', () => {
  it('commits memory as samples arrive, and stops growing once 24 h are held: 24 h stay at full resolution', () => {
    const store = new HistoryStore({ intervalMs: 1000 });
    const empty = store.byteSize();
    expect(store.fineCapacity).toBeGreaterThanOrEqual(86_400);
    const feed = feeder(store);
    let i = 0;
    for (; i < 3600; i++) feed(T0 + i * 1000);
    const hour = store.byteSize();
    expect(hour).toBeGreaterThan(empty);
    for (; i < 150_000; i++) feed(T0 + i * 1000);
    const full = store.byteSize();
    for (; i < 200_000; i++) feed(T0 + i * 1000);
    // Once full, a chunk is dropped for each one sealed: flat, give or take one chunk.
    expect(Math.abs(store.byteSize() - full)).toBeLessThan(8 * 1024);
    const last = T0 + 199_999 * 1000;
    expect(store.coverage().fineFrom).toBeLessThanOrEqual(last - DAY);
    expect(store.coverage().from).toBe(T0);
    // 24 h at 1 s (compressed) plus 7 days of 1 min buckets, per target: was 13 MiB fixed.
    expect(full).toBeLessThan(4 * MB);
  });

  it('evicts rows older than the 1 s span even when not full (idle-spaced samples cover 24 h, not 5 days)', () => {
    const store = new HistoryStore({ intervalMs: 1000 });
    const feed = feeder(store);
    for (let i = 0; i < 30_000; i++) feed(T0 + i * 5000);
    const last = T0 + 29_999 * 5000;
    expect(store.size).toBeLessThan(store.fineCapacity / 4);
    expect(store.coverage().fineFrom).toBeGreaterThanOrEqual(last - DAY * 1.02);
    expect(store.coverage().fineFrom).toBeLessThanOrEqual(last - DAY);
    expect(store.coverage().from).toBe(T0);
  });

  it('sizes the 1 s tier from the interval, capped for fast polling', () => {
    expect(new HistoryStore({ intervalMs: 5000 }).fineCapacity).toBe(Math.ceil((DAY / 5000) * 1.02));
    expect(new HistoryStore({ intervalMs: 100 }).fineCapacity).toBe(100_000);
    expect(() => new HistoryStore({ intervalMs: 0 })).toThrow(RangeError);
  });
});

describe('HistoryStore.query', () => {
  // A day and a half at 1 s with a one-sample spike at +3 h (now in the coarse tier) and +30 h.
  const store = new HistoryStore({ intervalMs: 1000 });
  const feed = feeder(store);
  const n = 36 * 3600;
  const spikeOld = 3 * 3600;
  const spikeNew = 30 * 3600;
  const outage = [32 * 3600, 33 * 3600];
  for (let i = 0; i < n; i++) {
    const down = i >= outage[0]! && i < outage[1]!;
    feed(T0 + i * 1000, (s) => {
      if (down) Object.assign(s, { ok: false, info: { ...s.info, used_memory: null } });
      if (i === spikeOld || i === spikeNew) s.info.used_memory = 900 * MB;
      if (i === spikeOld + 5 || i === spikeNew + 5) s.info.used_memory = 1 * MB;
    });
  }
  const end = T0 + (n - 1) * 1000;

  it('returns a 24 h view at points=1000 as at most 1000 values per series, every spike kept', () => {
    const started = performance.now();
    const r = store.query({ from: end - DAY, to: end, points: 1000 });
    const ms = performance.now() - started;
    expect(r.t.length).toBeLessThanOrEqual(1000);
    expect(Object.keys(r.series).sort()).toEqual([...SERIES_NAMES].sort());
    for (const name of SERIES_NAMES) expect(values(r, name).length).toBe(r.t.length);
    expect(values(r, 'used_memory')).toContain(900 * MB);
    expect(values(r, 'used_memory')).toContain(1 * MB);
    expect(r.t).toEqual([...r.t].sort((a, b) => a - b));
    // Generous: it is ~20 ms on a laptop core; this only catches an accidental O(n^2).
    expect(ms).toBeLessThan(2000);
  });

  it('keeps the hour-long outage as nulls, and never shows a rate across it', () => {
    const r = store.query({ from: end - DAY, to: end, points: 1000 });
    const mid = T0 + (outage[0]! + 1800) * 1000;
    const i = r.t.findIndex((t) => t >= mid);
    expect(values(r, 'used_memory')[i]).toBeNull();
    expect(values(r, 'active_defrag_hits_per_sec')[i]).toBeNull();
    expect(values(r, 'poll_rtt_ms')[i]).toBeNull();
    expect(values(r, 'threshold_lower')[i]).toBeNull();
    const rates = values(r, 'active_defrag_hits_per_sec').filter((v) => v !== null);
    expect(Math.max(...(rates as number[]))).toBe(100);
    expect(Math.min(...(rates as number[]))).toBe(100);
  });

  it('serves older ranges from the coarse tier with spikes, and stitches the tiers in time order', () => {
    const week = store.query({ from: T0, to: end, points: 500 });
    expect(week.t.length).toBeLessThanOrEqual(500);
    expect(values(week, 'used_memory')).toContain(900 * MB);
    expect(values(week, 'used_memory')).toContain(1 * MB);
    expect(week.t).toEqual([...week.t].sort((a, b) => a - b));
    // A small window in the coarse part: raw 1 min buckets, two rows each (min and max).
    const old = store.query({ from: T0 + (spikeOld - 90) * 1000, to: T0 + (spikeOld + 90) * 1000, points: 100 });
    expect(old.t.length).toBeLessThanOrEqual(8);
    expect(values(old, 'used_memory')).toContain(900 * MB);
    expect(values(old, 'active_defrag_hits_per_sec').every((v) => v === 100)).toBe(true);
  });

  it('returns raw samples when they fit, with Float32 noise rounded away', () => {
    const r = store.query({ from: end - 59_000, to: end, points: 1000 });
    expect(r.t).toEqual(Array.from({ length: 60 }, (_, i) => end - 59_000 + i * 1000));
    expect(new Set(values(r, 'allocator_frag_ratio'))).toEqual(new Set([1.23]));
    expect(new Set(values(r, 'active_defrag_hits_per_sec'))).toEqual(new Set([100]));
    expect(values(r, 'used_memory')[0]).toBe(100 * MB);
  });

  it('selects series, clamps points and rejects bad input', () => {
    const r = store.query({ from: end - DAY, to: end, points: 1_000_000, series: ['used_memory_rss'] });
    expect(Object.keys(r.series)).toEqual(['used_memory_rss']);
    expect(r.t.length).toBeLessThanOrEqual(5000);
    expect(store.query({ from: end - DAY, to: end, points: 1 }).t.length).toBeLessThanOrEqual(10);
    expect(() => store.query({ from: end, to: end - 1 })).toThrow(RangeError);
    expect(() => store.query({ from: Number.NaN, to: end })).toThrow(RangeError);
    expect(() => store.query({ from: 0, to: end, series: ['nope'] })).toThrow(/unknown history series "nope"/);
  });

  it('answers a range with no data with nothing, not an error', () => {
    // (Not T0 - 1: the coarse tier's first minute bucket starts before T0 and overlaps it.)
    const before = store.query({ from: T0 - DAY, to: T0 - 60_000 });
    expect(before.t).toEqual([]);
    const after = store.query({ from: end + 1, to: end + DAY, points: 10 });
    expect(after.t).toEqual([]);
  });
});

describe('HistoryStore with gaps, resets, restarts and late samples', () => {
  function smallStore() {
    return new HistoryStore({ intervalMs: 1000 });
  }
  const hitsAt = (store: HistoryStore, from: number, to: number) => {
    const r = store.query({ from, to, series: ['active_defrag_hits', 'active_defrag_hits_per_sec'] });
    return { t: r.t, hits: values(r, 'active_defrag_hits'), rate: values(r, 'active_defrag_hits_per_sec') };
  };

  it('stores ok: false as a gap and gives rates that survive RESETSTAT and a restart without going negative', () => {
    const store = smallStore();
    const script: [number, number | null, string][] = [
      [0, 1000, 'a'],
      [1, 2000, 'a'],
      [2, 50, 'a'], // CONFIG RESETSTAT
      [3, 550, 'a'],
      [4, null, 'a'], // failed poll
      [5, 600, 'a'],
      [6, 700, 'a'],
      [7, 5000, 'b'], // restarted: a higher counter, but a new process
      [8, 5100, 'b'],
    ];
    for (const [i, hits, runId] of script) {
      store.append(hits === null ? snap(T0 + i * 1000, { ok: false }) : snap(T0 + i * 1000, { runId, info: { active_defrag_hits: hits } }));
    }
    const { hits, rate } = hitsAt(store, T0, T0 + 8000);
    expect(hits).toEqual([1000, 2000, 50, 550, null, 600, 700, 5000, 5100]);
    expect(rate).toEqual([null, 1000, null, 500, null, null, 100, null, 100]);
    expect(store.restarts(T0, T0 + 8000)).toEqual([T0 + 7000]);
  });

  it('slots in the poller’s late sample (stamped at poll start, published after a "stalled" gap row)', () => {
    const store = smallStore();
    store.append(snap(T0, { info: { active_defrag_hits: 0 } }));
    store.append(snap(T0 + 2000, { ok: false })); // stalled, published while the poll is in flight
    expect(store.append(snap(T0 + 1000, { info: { active_defrag_hits: 100 } }))).toBe(true); // the slow poll's sample
    store.append(snap(T0 + 3000, { info: { active_defrag_hits: 300 } }));
    const { t, hits, rate } = hitsAt(store, T0, T0 + 3000);
    expect(t).toEqual([T0, T0 + 1000, T0 + 2000, T0 + 3000]);
    expect(hits).toEqual([0, 100, null, 300]);
    expect(rate).toEqual([null, 100, null, null]);
    // Far too late (older than everything held) is dropped and counted, not stored out of order.
    expect(store.append(snap(T0 - 5000))).toBe(false);
    expect(store.stats.droppedLate).toBe(1);
  });

  it('keeps rate rules identical in the coarse tier (fed as rows age out of the 1 s tier)', () => {
    const store = new HistoryStore({ intervalMs: 1000, fineRetentionMs: 10 * 60_000, maxFineRows: 600 });
    let hits = 0;
    for (let i = 0; i < 3600; i++) {
      // Every 5 min a RESETSTAT; a 10 s outage at 20 min; a restart at 30 min.
      if (i % 300 === 150) hits = 0;
      hits += 10;
      const down = i >= 1200 && i < 1210;
      store.append(down ? snap(T0 + i * 1000, { ok: false }) : snap(T0 + i * 1000, { runId: i < 1800 ? 'a' : 'b', info: { active_defrag_hits: hits } }));
    }
    expect(store.coverage().fineFrom).toBeGreaterThan(T0 + 40 * 60_000);
    const r = store.query({ from: T0, to: T0 + 40 * 60_000, points: 5000, series: ['active_defrag_hits_per_sec', 'active_defrag_hits'] });
    const rates = values(r, 'active_defrag_hits_per_sec').filter((v): v is number => v !== null);
    expect(rates.length).toBeGreaterThan(0);
    expect(new Set(rates)).toEqual(new Set([10]));
    // From the coarse tier: the start of the minute bucket that holds the restart.
    const minute = (t: number) => Math.floor(t / 60_000) * 60_000;
    expect(store.restarts(T0, T0 + 3600_000)).toEqual([minute(T0 + 30 * 60_000)]);
    // The 10 s outage sits inside one 1 min bucket: the bucket still has values around it.
    expect(values(r, 'active_defrag_hits').some((v) => v === null)).toBe(false);
  });

  it('replays a recorded redis 7.0.15 session: runs from the store match runs from the raw samples', () => {
    const snapshots = recordingSnapshots(redis70 as Recording);
    const store = new HistoryStore({ intervalMs: 1000 });
    for (const s of snapshots) store.append(s);
    const first = snapshots[0]!.at;
    const last = snapshots[snapshots.length - 1]!.at;
    const fromStore = detectRuns(store.defragSamples(first, last));
    const direct = detectRuns(toDefragSamples(snapshots));
    expect(fromStore).toEqual(direct);
    expect(fromStore).toHaveLength(3);
    const r = store.query({ from: first, to: last });
    const rate = values(r, 'active_defrag_hits_per_sec');
    expect(rate.every((v) => v === null || v >= 0)).toBe(true);
    // Around RESETSTAT (hits fell from 1.1M to 76k) the rate is null, not negative and not a spike.
    const reset = Object.entries((redis70 as Recording).notes).find(([, n]) => n.includes('RESETSTAT'))!;
    expect(rate[Number(reset[0])]).toBeNull();
    expect(store.restarts(first, last)).toHaveLength(1);
  });
});

describe('HistoryStore.sampleAt', () => {
  it('returns the newest good sample at or before a time, skipping failed polls, within a max age', () => {
    const store = new HistoryStore({ intervalMs: 1000 });
    const feed = feeder(store);
    feed(T0, (s) => (s.info.used_memory_rss = 100 * MB));
    feed(T0 + 1000, (s) => (s.info.used_memory_rss = 90 * MB));
    feed(T0 + 2000, (s) => ((s as { ok: boolean }).ok = false));
    const at = store.sampleAt(T0 + 2500);
    expect(at?.at).toBe(T0 + 1000);
    expect(at?.values.used_memory_rss).toBe(90 * MB);
    expect(at?.values.active_defrag_hits).toBe(200);
    expect(store.sampleAt(T0 - 1)).toBeNull();
    expect(store.sampleAt(T0 + 60_000, 10_000)).toBeNull();
  });
});
