import { describe, expect, it } from 'vitest';
import { replayRecordings } from '../../scripts/bench/recorded-samples';
import type { Snapshot } from '../snapshot';
import { CompressedTier } from './compressed-tier';
import { FineRing } from './fine-ring';
import { HistoryStore, type HistoryStoreOptions } from './history-store';
import { SERIES_NAMES } from './series';
import { T0 } from './samples.test-support';

/**
 * The compressed 1 s tier must answer exactly as the fixed Float64/Float32 ring it replaced:
 * the same real lab samples (fixtures, replayed: fragmentation, runs, a RESETSTAT, a kill and a
 * restart, recorded gaps) plus adversarial extras (outages, late "stalled" rows slotted in
 * behind, NaN and -0) go into both, and every API answer is compared at several moments,
 * including after rows have been evicted into the coarse tier.
 */

const MIN = 60_000;

function pair(options: Omit<HistoryStoreOptions, 'fineTier'>, chunkRows?: number, sealLagRows?: number) {
  const reference = new HistoryStore({ ...options, fineTier: (capacity, precise) => new FineRing(capacity, precise) });
  const compressed = new HistoryStore({
    ...options,
    fineTier: (capacity, precise, orders, reorderRows) => new CompressedTier({ capacity, precise, orders, reorderRows, chunkRows, sealLagRows }),
  });
  return { reference, compressed };
}

/** The real replay, with an outage, late rows and odd values mixed in. */
function feedBoth(stores: HistoryStore[], n: number): number {
  let pendingLate: Snapshot | null = null;
  return replayRecordings(n, T0, (s, i) => {
    let sample: Snapshot = s;
    if (i % 997 >= 990) sample = { ...s, ok: false }; // an outage of 7 polls
    if (i % 301 === 7) sample = { ...s, info: { ...s.info, used_memory: -0, allocator_frag_ratio: Number.NaN, allocator_active: 2 ** 60 + 1 } };
    if (i % 53 === 11 && sample.ok) {
      // The poller's slow poll: a stalled row is published first, then this sample (earlier `at`).
      pendingLate = sample;
      const stalled = { ...sample, ok: false, at: sample.at + 400 };
      for (const st of stores) st.append(stalled);
      return;
    }
    for (const st of stores) st.append(sample);
    if (pendingLate) {
      for (const st of stores) st.append(pendingLate);
      pendingLate = null;
    }
  });
}

function compare(a: HistoryStore, b: HistoryStore, end: number): void {
  expect(b.size).toBe(a.size);
  expect(b.stats).toEqual(a.stats);
  expect(b.coverage()).toEqual(a.coverage());
  const from = a.coverage().from ?? end;
  const ranges: [number, number][] = [
    [from - MIN, end + MIN],
    [from, end],
    [end - 30 * MIN, end],
    [end - 5 * MIN, end - 2 * MIN],
    [from + 7_777, from + 9 * MIN + 123],
    [end, end],
    [end - 123_456, end - 123_456],
  ];
  const fineFrom = a.coverage().fineFrom;
  if (fineFrom !== null) ranges.push([fineFrom - 90_000, fineFrom + 90_000], [fineFrom, fineFrom + 500]);
  for (const [f, t] of ranges) {
    for (const points of [10, 123, 1000, 5000]) {
      expect(b.query({ from: f, to: t, points })).toEqual(a.query({ from: f, to: t, points }));
    }
    expect(b.query({ from: f, to: t, series: ['active_defrag_hits_per_sec', 'used_memory'] })).toEqual(
      a.query({ from: f, to: t, series: ['active_defrag_hits_per_sec', 'used_memory'] }),
    );
    expect(b.defragSamples(f, t)).toEqual(a.defragSamples(f, t));
    expect(b.restarts(f, t)).toEqual(a.restarts(f, t));
  }
  for (let at = from - 2000; at <= end + 2000; at += 4_321) expect(b.sampleAt(at)).toEqual(a.sampleAt(at));
}

describe('compressed 1 s tier vs the former fixed ring (same samples, same answers)', () => {
  it('answers every query the same on real lab samples, before and after eviction to the coarse tier', () => {
    // 40 min of fine retention: ~2,450 rows, so 6,000 samples evict more than half into 1 min buckets.
    const { reference, compressed } = pair({ intervalMs: 1000, fineRetentionMs: 40 * MIN });
    let end = T0;
    for (const n of [100, 700, 2_600, 6_000]) {
      const r = pair({ intervalMs: 1000, fineRetentionMs: 40 * MIN });
      end = feedBoth([r.reference, r.compressed], n);
      compare(r.reference, r.compressed, end);
    }
    end = feedBoth([reference, compressed], 6_000);
    compare(reference, compressed, end);
    expect(SERIES_NAMES.length).toBeGreaterThan(15);
  });

  it.each([2, 7, 64, 256])('holds with chunks of %i rows (chunk boundaries everywhere)', (chunkRows) => {
    const { reference, compressed } = pair({ intervalMs: 1000, fineRetentionMs: 15 * MIN }, chunkRows);
    const end = feedBoth([reference, compressed], 2_500);
    compare(reference, compressed, end);
  });

  it.each([
    [7, 5],
    [256, 200],
  ])("holds with chunks of %i rows sealed %i rows late (the poller staggers its targets' seals)", (chunkRows, lag) => {
    const { reference, compressed } = pair({ intervalMs: 1000, fineRetentionMs: 15 * MIN }, chunkRows, lag);
    const end = feedBoth([reference, compressed], 2_500);
    compare(reference, compressed, end);
  });
});
