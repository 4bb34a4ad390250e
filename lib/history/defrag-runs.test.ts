import { describe, expect, it } from 'vitest';
import { defragTargetFragBytes, detectRuns, medianIntervalMs, runProgress, SETTLE_LIMIT_MS, SETTLE_QUIET_MS, type DefragSample } from './defrag-runs';
import redis70 from './fixtures/redis-7.0.15-defrag-runs.json';
import slowRun from './fixtures/redis-7.0.15-slow-run.json';
import valkey81 from './fixtures/valkey-8.1.1-defrag-runs.json';
import { MB, recordingSnapshots, runningSequence, T0, toDefragSamples, type Recording } from './samples.test-support';

const at = (i: number) => T0 + i * 1000;
const zeros = (n: number) => Array<number>(n).fill(0);
const on = (n: number, effort = 25) => Array<number>(n).fill(effort);

describe('detectRuns on scripted sequences', () => {
  it('keeps one run across a one-sample 0 dip (Redis between passes)', () => {
    const runs = detectRuns(runningSequence([0, 0, 25, 25, 0, 25, 25, 0, 0, 0, 0, 0]));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ start: { at: at(2) }, end: { at: at(7) }, endReason: 'idle', startSeen: true, dips: 1, peakRunning: 25 });
  });

  it('bridges 0 for up to the grace (2 samples = 1 s) but ends a run at 3 s of 0', () => {
    expect(detectRuns(runningSequence([0, 25, 0, 0, 25, 25]))).toHaveLength(1);
    const split = detectRuns(runningSequence([0, 25, 0, 0, 0, 0, 25, 25]));
    expect(split).toHaveLength(2);
    expect(split[0]).toMatchObject({ end: { at: at(2) }, endReason: 'idle' });
    expect(split[1]).toMatchObject({ start: { at: at(6) }, end: null, startSeen: true });
  });

  it('finds two runs separated by a long idle, with their figures at start and end', () => {
    const runs = detectRuns(runningSequence([...zeros(3), ...on(5, 75), ...zeros(20), ...on(5, 16), ...zeros(5)]));
    expect(runs.map((r) => [r.start.at, r.end?.at, r.endReason, r.peakRunning])).toEqual([
      [at(3), at(8), 'idle', 75],
      [at(28), at(33), 'idle', 16],
    ]);
    expect(runs[0]?.before).toMatchObject({ at: at(2), used_memory_rss: 298 * MB, active_defrag_hits: 2000 });
    expect(runs[0]?.start).toMatchObject({ used_memory_rss: 297 * MB, active_defrag_hits: 3000 });
    expect(runs[0]?.end).toMatchObject({ used_memory_rss: 292 * MB, active_defrag_hits: 8000 });
  });

  it('ends a run at an outage, where it was last seen, and does not resume it afterwards', () => {
    const runs = detectRuns(runningSequence([0, 25, 25, 25, null, null, 25, 25, 0, 0, 0, 0]));
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatchObject({ start: { at: at(1) }, end: { at: at(3) }, endReason: 'outage' });
    // Seen running right after the outage: a new run whose real start we did not see.
    expect(runs[1]).toMatchObject({ start: { at: at(6) }, startSeen: false, before: null, end: { at: at(8) }, endReason: 'idle' });
  });

  it('ends a run at a time gap even without failed-poll samples in it', () => {
    const samples = runningSequence([0, 25, 25, 25]);
    samples.push({ ...samples[3]!, at: at(30) }, { ...samples[3]!, at: at(31) });
    const runs = detectRuns(samples);
    expect(runs.map((r) => r.endReason)).toEqual(['outage', null]);
  });

  it('reports an ongoing run with end null, also while a 0 stretch is shorter than the grace', () => {
    expect(detectRuns(runningSequence([0, 0, 25, 25, 25]))[0]).toMatchObject({ end: null, endReason: null });
    expect(detectRuns(runningSequence([0, 25, 25, 0, 0]))[0]).toMatchObject({ end: null });
  });

  it('marks a run already going at the first sample as not seen starting', () => {
    expect(detectRuns(runningSequence([25, 25, 0, 0, 0, 0]))[0]).toMatchObject({ startSeen: false, before: null, endReason: 'idle' });
  });

  it('treats an ok sample without active_defrag_running as a gap', () => {
    const samples = runningSequence([0, 25, 25, 25, 25]);
    samples[3] = { ...samples[3]!, active_defrag_running: null };
    expect(detectRuns(samples).map((r) => r.endReason)).toEqual(['outage', null]);
  });

  it('scales the gap rule to the samples’ own interval', () => {
    const slow = runningSequence([0, 25, 25, 25, 25]).map((s, i) => ({ ...s, at: T0 + i * 10_000 }));
    expect(detectRuns(slow)).toHaveLength(1);
    expect(medianIntervalMs(slow)).toBe(10_000);
    expect(medianIntervalMs([])).toBe(1000);
  });
});

describe('detectRuns on recorded sequences (fixtures/README.md)', () => {
  for (const [name, recording] of [
    ['redis 7.0.15', redis70],
    ['valkey 8.1.1', valkey81],
  ] as const) {
    const samples = toDefragSamples(recordingSnapshots(recording as Recording));
    const noteAt = (text: string) => {
      const entry = Object.entries((recording as Recording).notes).find(([, note]) => note.includes(text));
      return samples[Number(entry![0])]!.at;
    };

    it(`${name}: two runs that end by themselves, then one cut by SIGKILL`, () => {
      const runs = detectRuns(samples);
      expect(runs.map((r) => r.endReason)).toEqual(['idle', 'idle', 'outage']);
      expect(runs.every((r) => r.startSeen)).toBe(true);
      // Each run starts within one poll of its CONFIG SET activedefrag yes (the note marks the
      // sample taken around the command, which may still read 0).
      ['run 1', 'run 2', 'run 3'].forEach((note, i) => {
        expect(runs[i]!.start.at - noteAt(note)).toBeGreaterThanOrEqual(0);
        expect(runs[i]!.start.at - noteAt(note)).toBeLessThanOrEqual(1100);
      });
      expect(runs[2]!.end!.at).toBeLessThan(noteAt('SIGKILL'));
      for (const run of runs.slice(0, 2)) {
        // Real reclaim: most of the allocator fragmentation is gone by the end of the run.
        const p = runProgress(run, samples, run.end!.at);
        expect(p.status).toBe('finished');
        expect(p.fractionReclaimed).toBeGreaterThan(0.9);
        expect(p.reclaimedFragBytes).toBeGreaterThan(90 * MB);
      }
      expect(runProgress(runs[2]!, samples, noteAt('restarted')).status).toBe('interrupted');
    });

    it(`${name}: progress mid-run, replayed up to each sample`, () => {
      const [first] = detectRuns(samples);
      const upTo = samples.filter((s) => s.at <= first!.start.at + 2500);
      const [ongoing] = detectRuns(upTo);
      expect(ongoing!.end).toBeNull();
      const p = runProgress(ongoing!, upTo, upTo[upTo.length - 1]!.at);
      expect(p.status).toBe('running');
      expect(p.elapsedMs).toBe(upTo[upTo.length - 1]!.at - first!.start.at);
      // Too early for a trend (fewer than 4 samples in the run): no ETA, not claimed converging.
      expect(p).toMatchObject({ trend: 'unknown', converging: false, etaMs: null });
    });
  }
});

/** A running sequence with frag bytes from `frag(i)`, ongoing at the end. */
const running = (n: number, frag: (i: number) => number) => runningSequence([0, ...on(n)], (i) => frag(i));

describe('runProgress', () => {
  it('reports elapsed time, reclaimed bytes and fractions for the current run', () => {
    const samples = running(20, (i) => 200 * MB - (i > 0 ? (i - 1) * 2 * MB : 0));
    const [run] = detectRuns(samples);
    const now = samples[20]!.at + 500;
    const p = runProgress(run!, samples, now, { targetFragBytes: 50 * MB });
    expect(p.status).toBe('running');
    expect(p.elapsedMs).toBe(now - at(1));
    expect(p.reclaimedRssBytes).toBe(20 * MB); // from the idle sample before the run
    expect(p.reclaimedFragBytes).toBe(38 * MB);
    expect(p.fractionReclaimed).toBeCloseTo(38 / 200, 10);
    expect(p.fractionOfReclaimable).toBeCloseTo(38 / 150, 10);
  });

  it('estimates the time to the target from the recent linear trend when converging', () => {
    // 2 MB/s down; at the last sample 162 MB, so 112 MB to a 50 MB target = 56 s, minus 0.5 s since that sample.
    const samples = running(20, (i) => 200 * MB - (i > 0 ? (i - 1) * 2 * MB : 0));
    const [run] = detectRuns(samples);
    const p = runProgress(run!, samples, samples[20]!.at + 500, { targetFragBytes: 50 * MB });
    expect(p).toMatchObject({ converging: true, trend: 'converging' });
    expect(p.etaMs).toBe(55_500);
    expect(p.fragBytesPerSec).toBeCloseTo(-2 * MB, 3);
  });

  it('uses only the recent window, so a run that slowed down gets the slow ETA', () => {
    // Fast at first (10 MB/s), then 1 MB/s for the last 20 s.
    const frag = (i: number) => (i <= 10 ? 300 * MB - i * 10 * MB : 200 * MB - (i - 10) * MB);
    const samples = running(30, frag);
    const [run] = detectRuns(samples);
    const p = runProgress(run!, samples, samples[30]!.at, { targetFragBytes: 100 * MB });
    expect(p.fragBytesPerSec).toBeCloseTo(-1 * MB, 3);
    expect(p.etaMs).toBe(80_000);
  });

  it('says 0 ms when the fitted trend is already below the target (Redis finishing its scan)', () => {
    const samples = running(10, (i) => 60 * MB - i * MB);
    const [run] = detectRuns(samples);
    expect(runProgress(run!, samples, samples[10]!.at, { targetFragBytes: 55 * MB })).toMatchObject({ etaMs: 0, converging: true });
  });

  it('is not converging when the trend is flat, noisy-flat, or rising', () => {
    const flat = running(20, () => 100 * MB);
    const noisy = running(20, (i) => 100 * MB + (((i * 7919) % 11) - 5) * 256 * 1024);
    const rising = running(20, (i) => 100 * MB + i * MB);
    for (const [samples, trend] of [
      [flat, 'flat'],
      [noisy, 'flat'],
      [rising, 'rising'],
    ] as const) {
      const [run] = detectRuns(samples);
      const p = runProgress(run!, samples, samples[20]!.at, { targetFragBytes: 10 * MB });
      expect(p).toMatchObject({ trend, converging: false, etaMs: null });
    }
  });

  it('is not converging when the decline would take longer than maxEtaMs, or is too small to matter', () => {
    // 40 KiB/s: ~43 min to reach 0 from 100 MB.
    const samples = running(20, (i) => 100 * MB - i * 40 * 1024);
    const [run] = detectRuns(samples);
    expect(runProgress(run!, samples, samples[20]!.at, { targetFragBytes: 0, maxEtaMs: 600_000 })).toMatchObject({
      converging: false,
      trend: 'flat',
      etaMs: null,
    });
    expect(runProgress(run!, samples, samples[20]!.at, { targetFragBytes: 0 })).toMatchObject({ converging: true });
    // 4 KiB/s is a perfectly straight line (the t test alone would call it a trend) but moves the
    // fragmentation by 60 KB over the window: less than 0.5 % of the 100 MB it started from.
    const creep = running(20, (i) => 100 * MB - i * 4096);
    const [creepRun] = detectRuns(creep);
    expect(runProgress(creepRun!, creep, creep[20]!.at, { targetFragBytes: 0 })).toMatchObject({ converging: false, trend: 'flat' });
  });

  it('still says whether it converges when no target is known, but gives no ETA', () => {
    const samples = running(20, (i) => 200 * MB - i * 2 * MB);
    const [run] = detectRuns(samples);
    expect(runProgress(run!, samples, samples[20]!.at)).toMatchObject({ targetFragBytes: null, converging: true, etaMs: null, fractionOfReclaimable: null });
  });

  it('derives the target from threshold_lower in the samples and ignoreBytes', () => {
    // The largest ratio (3.0, with 99 MB of frag bytes) gives base 49.5 MB, so threshold-lower 10 % means 4.95 MB.
    const samples: DefragSample[] = running(10, (i) => 100 * MB - i * MB).map((s) => ({ ...s, threshold_lower: 10 }));
    samples[1] = { ...samples[1]!, allocator_frag_ratio: 3.0 };
    const [run] = detectRuns(samples);
    expect(runProgress(run!, samples, samples[10]!.at).targetFragBytes).toBeCloseTo(4.95 * MB, 0);
    expect(runProgress(run!, samples, samples[10]!.at, { ignoreBytes: 20 * MB }).targetFragBytes).toBe(20 * MB);
    expect(runProgress(run!, samples, samples[10]!.at, { targetFragBytes: 7 }).targetFragBytes).toBe(7);
  });

  it('gives null figures when they are unknown, and clamps the fraction when fragmentation grew', () => {
    const samples = running(6, (i) => 100 * MB + i * MB).map((s) => ({ ...s, used_memory_rss: null }));
    const [run] = detectRuns(samples);
    const p = runProgress(run!, samples, samples[6]!.at);
    expect(p.reclaimedRssBytes).toBeNull();
    expect(p.reclaimedFragBytes).toBe(-6 * MB);
    expect(p.fractionReclaimed).toBe(0);
  });
});

describe('defragTargetFragBytes', () => {
  it('is the larger of the threshold-lower limit (in bytes) and ignore-bytes', () => {
    // The facts' workload on 7.0.15: 117.3 MB at ratio 2.74 -> base 67.4 MB; threshold-lower 5 -> 3.37 MB.
    const sample = { allocator_frag_bytes: 117.3 * MB, allocator_frag_ratio: 2.74 };
    expect(defragTargetFragBytes(sample, 5, null)! / MB).toBeCloseTo(3.37, 2);
    expect(defragTargetFragBytes(sample, 5, 100 * MB)).toBe(100 * MB);
    expect(defragTargetFragBytes(sample, null, null)).toBeNull();
    // Ratio too close to 1 to trust INFO's 2 decimals: only ignore-bytes is used.
    expect(defragTargetFragBytes({ allocator_frag_bytes: 4 * MB, allocator_frag_ratio: 1.02 }, 5, MB)).toBe(MB);
  });
});

describe('a slow run, recorded (redis 7.0.15 at active-defrag-cycle-max 2, 333,334 keys)', () => {
  const samples = toDefragSamples(recordingSnapshots(slowRun as Recording));
  const KEYS = 333_334; // 1M written by the lab's fragment, two in three deleted
  const [run] = detectRuns(samples);
  const upTo = (ms: number) => samples.filter((s) => s.at <= run!.start.at + ms);
  /** When the first pass had visited every key: the first sample with key_hits + key_misses >= KEYS. */
  const passEnd = samples.find((s) => (s.active_defrag_key_hits ?? 0) + (s.active_defrag_key_misses ?? 0) >= KEYS)!.at;

  it('is one run of ~4 minutes that reclaims nearly all of the fragmentation', () => {
    expect(detectRuns(samples)).toHaveLength(1);
    expect(run!.end!.at - run!.start.at).toBeGreaterThan(200_000);
    expect(runProgress(run!, samples, run!.end!.at).fractionReclaimed).toBeGreaterThan(0.98);
  });

  it('shows why the fragmentation trend alone is a poor ETA: flat for most of a pass, then a cliff', () => {
    // 40 s in, Redis is working steadily (hits climb) but allocator_frag_bytes has not moved.
    const at40 = upTo(40_000);
    const [ongoing] = detectRuns(at40);
    const p = runProgress(ongoing!, at40, at40[at40.length - 1]!.at, { keyCount: KEYS });
    expect(p).toMatchObject({ trend: 'flat', converging: false, etaMs: null });
    // The pass estimate sees the progress, and predicts the end of the first pass within 15 %.
    expect(p.pass!.index).toBe(0);
    expect(p.pass!.fraction).toBeGreaterThan(0.3);
    expect(p.pass!.fraction).toBeLessThan(0.6);
    const predictedEnd = at40[at40.length - 1]!.at + p.pass!.etaMs!;
    const actualLeft = passEnd - at40[at40.length - 1]!.at;
    expect(Math.abs(predictedEnd - passEnd)).toBeLessThan(0.15 * actualLeft);
  });

  it('counts passes: after the first pass the index moves on and the fraction restarts', () => {
    const later = upTo(passEnd - run!.start.at + 10_000);
    const [ongoing] = detectRuns(later);
    const p = runProgress(ongoing!, later, later[later.length - 1]!.at, { keyCount: KEYS });
    expect(p.pass!.index).toBe(1);
    expect(p.pass!.fraction).toBeLessThan(0.3);
    // Without a key count there is no pass estimate.
    expect(runProgress(ongoing!, later, later[later.length - 1]!.at).pass).toBeNull();
  });
});

describe('RSS settling after a run', () => {
  /** A 5 s run at 25 %, then idle; RSS from `rss(i)` (MB) at sample i. */
  const shaped = (n: number, rss: (i: number) => number) => runningSequence([0, ...on(5), ...zeros(n)]).map((s, i) => ({ ...s, used_memory_rss: rss(i) * MB }));
  // The shape the issue saw: RSS flat during the run, the drop 12 s after the end, in two steps.
  const lateDrop = (i: number) => (i < 18 ? 192 : i < 28 ? 120 : 93);

  it('says settling while RSS may still fall, with the drop so far', () => {
    const samples = shaped(25, lateDrop).slice(0, 22);
    const [run] = detectRuns(samples);
    expect(run).toMatchObject({ endReason: 'idle', settled: null, settleReason: null });
    const p = runProgress(run!, samples, samples.at(-1)!.at);
    expect(p.status).toBe('settling');
    expect(p.reclaimedRssBytes).toBe(72 * MB);
  });

  it('reports the drop the chart shows once RSS made no new low for 20 s', () => {
    const samples = shaped(60, lateDrop);
    const [run] = detectRuns(samples);
    expect(run).toMatchObject({ end: { at: at(6) }, settled: { at: at(28), used_memory_rss: 93 * MB }, settleReason: 'quiet' });
    const p = runProgress(run!, samples, samples.at(-1)!.at);
    expect(p.status).toBe('finished');
    expect(p.reclaimedRssBytes).toBe(99 * MB);
    // Settled 20 s after the last low, not earlier.
    const early = samples.filter((s) => s.at < at(28) + SETTLE_QUIET_MS);
    expect(detectRuns(early)[0]!.settled).toBeNull();
  });

  it('stops waiting 60 s after the end when RSS keeps falling, at the lowest figure', () => {
    const samples = shaped(90, (i) => 300 - i);
    const [run] = detectRuns(samples);
    expect(run!.settleReason).toBe('limit');
    expect(run!.settled!.at - run!.end!.at).toBeLessThanOrEqual(SETTLE_LIMIT_MS);
    expect(runProgress(run!, samples, samples.at(-1)!.at).status).toBe('finished');
  });

  it('settles where the next run begins, and at a gap', () => {
    const next = runningSequence([0, ...on(5), ...zeros(8), ...on(3), 0, 0, 0, 0]);
    const runs = detectRuns(next);
    expect(runs[0]).toMatchObject({ settleReason: 'next-run' });
    expect(runs[0]!.settled!.at).toBeLessThan(runs[1]!.start.at);
    const gap = runningSequence([0, ...on(5), 0, 0, 0, 0, null, 0]);
    expect(detectRuns(gap)[0]).toMatchObject({ settleReason: 'gap' });
  });

  describe('the lazyfree hold', () => {
    /** The late-drop run with lazyfree_pending_objects from `pending(i)` at sample i. */
    const withPending = (n: number, pending: (i: number) => number | null, rss: (i: number) => number = lateDrop) =>
      shaped(n, rss).map((s, i) => ({ ...s, lazyfree_pending_objects: pending(i) }));

    it('takes no "after" figure while objects are pending, and says how many', () => {
      // Pending objects from the end (sample 6) to sample 54: RSS was quiet from sample 28 on.
      const samples = withPending(60, (i) => (i >= 6 && i < 55 ? 5000 - i : 0));
      const held = samples.slice(0, 54);
      const [run] = detectRuns(held);
      expect(run).toMatchObject({ settled: null, settleReason: null, lazyfreePending: 5000 - 53 });
      const p = runProgress(run!, held, held.at(-1)!.at);
      expect(p).toMatchObject({ status: 'settling', lazyfreePending: 4947 });
      // Without the hold the same RSS settles at sample 28 + 20 s (the test above).
      const [free] = detectRuns(held.map((s) => ({ ...s, lazyfree_pending_objects: 0 })));
      expect(free).toMatchObject({ settleReason: 'quiet', settled: { at: at(28) } });
    });

    it('restarts the quiet time when lazy free finishes, and settles on a sample with nothing pending', () => {
      // RSS drops again when the pending objects are freed (sample 45): that drop belongs to the "after".
      const samples = withPending(
        80,
        (i) => (i >= 6 && i < 45 ? 900 : 0),
        (i) => (i < 45 ? lateDrop(i) : 60),
      );
      const [run] = detectRuns(samples);
      expect(run).toMatchObject({ settleReason: 'quiet', settled: { at: at(45), used_memory_rss: 60 * MB }, lazyfreePending: null });
      const quiet = withPending(80, (i) => (i >= 6 && i < 20 ? 900 : 0));
      const [q] = detectRuns(quiet);
      // Lazy free done at sample 20, the last low at 28: quiet 20 s after 28.
      expect(q).toMatchObject({ settleReason: 'quiet', settled: { at: at(28) } });
      // A low seen while objects were pending is not the settled point.
      const early = withPending(60, (i) => (i >= 6 && i < 30 ? 900 : 0));
      expect(detectRuns(early)[0]!.settled!.at).toBeGreaterThanOrEqual(at(30));
    });

    it('holds past the 60 s limit until lazy free is done', () => {
      const samples = withPending(100, (i) => (i >= 6 && i < 90 ? 1 : 0));
      expect(detectRuns(samples.slice(0, 85))[0]).toMatchObject({ settled: null, lazyfreePending: 1 });
      expect(detectRuns(samples)[0]).toMatchObject({ settleReason: 'limit', settled: { at: at(90) } });
    });

    it('changes nothing when the server does not report it, or reports 0', () => {
      for (const pending of [null, 0]) {
        const [run] = detectRuns(withPending(60, () => pending));
        expect(run).toMatchObject({ settleReason: 'quiet', settled: { at: at(28) }, lazyfreePending: null });
      }
    });
  });

  it('ignores sub-256 KB wiggles: they do not keep it settling', () => {
    const samples = shaped(40, (i) => (i < 10 ? 200 : 150 - (i % 2) * 0.1));
    const [run] = detectRuns(samples);
    expect(run).toMatchObject({ settleReason: 'quiet', settled: { at: at(10) } });
  });
});
