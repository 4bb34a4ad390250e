import { linearFit } from './linear-fit';
import { defaultMaxGapMs } from './rates';

/**
 * Defrag runs, found from the samples alone, and the progress of the current one. Pure.
 *
 * A run starts when `active_defrag_running` (the CPU percent Redis targets; 0 = idle) goes from
 * 0 to > 0, and ends when it has read 0 for `graceMs` (default 3 s). The grace exists because a
 * pass ends after a full scan and only then does the start test run again (facts section 2), so a
 * poll can land on a 0 between two passes of what an operator sees as one run. (In the recordings
 * in fixtures/ the passes followed each other without a visible 0, so the grace costs nothing
 * there.) Measured from the first 0 sample of the stretch: one or two 0 samples at 1 s polling
 * are bridged, 3 s of 0 are not, which is still quick to call a run over. A gap (no
 * sample, `ok: false`, or samples further apart than `maxGapMs`) ends a run at once: we cannot
 * tell what happened meanwhile, and after a restart the server starts from scratch anyway.
 */

export interface DefragSample {
  at: number;
  ok: boolean;
  active_defrag_running: number | null;
  used_memory_rss: number | null;
  allocator_frag_bytes: number | null;
  allocator_frag_ratio: number | null;
  active_defrag_hits: number | null;
  /** `active-defrag-threshold-lower` (percent) when the sample was taken, if known: lets runProgress derive the target. */
  threshold_lower?: number | null;
  /** Keys scanned = key_hits + key_misses: with a key count, runProgress can tell how far the current pass is. */
  active_defrag_key_hits?: number | null;
  active_defrag_key_misses?: number | null;
  /** For the pass timeline (defrag-passes.ts): ms in the running state, and the misses counter. */
  current_active_defrag_time?: number | null;
  active_defrag_misses?: number | null;
  /** INFO memory's objects still queued for the lazyfree thread: the run's "after" waits for 0 (settleRss). */
  lazyfree_pending_objects?: number | null;
}

/** The figures of one sample at a run's start or end. */
export interface RunPoint {
  at: number;
  used_memory_rss: number | null;
  allocator_frag_bytes: number | null;
  allocator_frag_ratio: number | null;
  active_defrag_hits: number | null;
}

/** `idle`: the server reported 0 for the grace. `outage`: a gap cut the run short. */
export type RunEndReason = 'idle' | 'outage';

export interface DefragRun {
  /** The first sample that showed it running. */
  start: RunPoint;
  /**
   * The last idle sample just before the run: the figures it started from. A run begins between
   * two polls and can reclaim a lot before the first one that sees it (Valkey 8.1 went from 107 MiB
   * to 13 MiB of allocator fragmentation inside that first second), so "reclaimed" counts from here.
   * Null when the run was already going at the first sample we have (start of the data, or right
   * after a gap): then the real start is earlier and "reclaimed" counts from `start`.
   */
  before: RunPoint | null;
  /** before !== null, kept for readability at call sites. */
  startSeen: boolean;
  /** Null while the run goes on. For `idle`, the first 0 sample; for `outage`, the last sample seen. */
  end: RunPoint | null;
  endReason: RunEndReason | null;
  /** Highest `active_defrag_running` seen in the run (CPU percent). */
  peakRunning: number;
  /** 0 dips shorter than the grace that were bridged (typically one per extra pass). */
  dips: number;
  /**
   * Where RSS settled after an `idle` end: the sample with the lowest RSS once it stopped falling
   * (see settleRss). Null while it may still fall ("settling"), and for `outage` runs.
   */
  settled: RunPoint | null;
  settleReason: SettleReason | null;
  /**
   * While settling: `lazyfree_pending_objects` of the latest sample when it is above 0. Memory the
   * lazyfree thread has yet to free is not freed yet, so no "after" figure is taken until it is 0.
   * Null when nothing is pending (or the server does not say).
   */
  lazyfreePending: number | null;
}

/**
 * Why settling ended. `quiet`: no new RSS low for SETTLE_QUIET_MS. `limit`: SETTLE_LIMIT_MS after
 * the end, still falling. `next-run`: another run began. `gap`: the samples stopped.
 */
export type SettleReason = 'quiet' | 'limit' | 'next-run' | 'gap';

/**
 * The allocator hands freed pages back to the OS with a delay (jemalloc's decay, ~10 s steps), so
 * the RSS drop of a run lands after `active_defrag_running` reads 0. Measured on the lab (redis
 * 7.0.15, 1.5M keys, 2 of 3 deleted): after the end RSS fell 116.7 -> 114.9 MiB 3 s later and to
 * 112.7 MiB 13 s later, then stayed; the issue saw the bulk of a 99 MiB drop 10-15 s after the end.
 * So RSS counts as settled once it made no new low for 20 s, and at the latest 60 s after the end.
 */
export const SETTLE_QUIET_MS = 20_000;
export const SETTLE_LIMIT_MS = 60_000;
/** A smaller dip is page-level noise, not the allocator returning memory. */
const SETTLE_MIN_DROP = 256 * 1024;

export const DEFAULT_GRACE_MS = 3000;

export interface DetectRunsOptions {
  graceMs?: number;
  /** Default: defaultMaxGapMs of the samples' median interval. */
  maxGapMs?: number;
}

const point = (s: DefragSample): RunPoint => ({
  at: s.at,
  used_memory_rss: s.used_memory_rss,
  allocator_frag_bytes: s.allocator_frag_bytes,
  allocator_frag_ratio: s.allocator_frag_ratio,
  active_defrag_hits: s.active_defrag_hits,
});

/** Runs in time order; `samples` must be in time order. The last run has `end: null` if still going. */
export function detectRuns(samples: readonly DefragSample[], options: DetectRunsOptions = {}): DefragRun[] {
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const maxGapMs = options.maxGapMs ?? defaultMaxGapMs(medianIntervalMs(samples));
  const runs: DefragRun[] = [];
  let run: DefragRun | null = null;
  let lastRunning: DefragSample | null = null;
  /** First sample of the 0 stretch inside the current run, while it lasts. */
  let zeroSince: DefragSample | null = null;
  let prevAt = Number.NaN;
  /** What the previous sample said: a run only counts as seen starting after an idle sample. */
  let prevState: 'gap' | 'idle' | 'running' = 'gap';
  let prevSample: DefragSample | null = null;

  const finish = (end: DefragSample, reason: RunEndReason) => {
    if (!run) return;
    run.end = point(end);
    run.endReason = reason;
    run = null;
    zeroSince = null;
  };

  for (const s of samples) {
    const running = s.ok && Number.isFinite(s.active_defrag_running) ? (s.active_defrag_running as number) : null;
    if (running === null || s.at - prevAt > maxGapMs) {
      // Gap: end the run where it was last seen (at its 0 stretch if it had already stopped).
      if (run) finish(zeroSince ?? lastRunning ?? s, 'outage');
      prevState = 'gap';
      if (running === null) {
        prevAt = s.at;
        continue;
      }
    }
    prevAt = s.at;
    const before = prevState === 'idle' ? prevSample : null;
    prevSample = s;
    if (running > 0) {
      if (run === null) {
        const seen = before !== null;
        run = {
          start: point(s),
          before: seen ? point(before) : null,
          startSeen: seen,
          end: null,
          endReason: null,
          peakRunning: running,
          dips: 0,
          settled: null,
          settleReason: null,
          lazyfreePending: null,
        };
        runs.push(run);
      } else {
        if (zeroSince) run.dips++;
        run.peakRunning = Math.max(run.peakRunning, running);
      }
      zeroSince = null;
      lastRunning = s;
      prevState = 'running';
      continue;
    }
    prevState = 'idle';
    if (run) {
      zeroSince ??= s;
      if (s.at - zeroSince.at >= graceMs) finish(zeroSince, 'idle');
    }
  }
  runs.forEach((r, i) => {
    if (r.endReason === 'idle') settleRss(r, samples, runs[i + 1]?.start.at ?? Number.POSITIVE_INFINITY, maxGapMs);
  });
  return runs;
}

/**
 * Follows RSS after an `idle` end (see SETTLE_QUIET_MS) and sets `settled` / `settleReason`, or
 * leaves them null while RSS may still fall. The settled point is the lowest RSS seen among the
 * samples with no lazy free pending: while `lazyfree_pending_objects` > 0 (a FLUSHALL ASYNC, an
 * UNLINK of big keys) the lazyfree thread still holds memory that is about to be freed, so "quiet"
 * and "limit" wait for it to reach 0 (`lazyfreePending` says how many objects meanwhile). A next
 * run or a gap still ends settling: after those the figures would no longer be this run's.
 */
function settleRss(run: DefragRun, samples: readonly DefragSample[], nextStartAt: number, maxGapMs: number): void {
  const end = run.end!;
  const pendingOf = (s: DefragSample) => (s.ok && (s.lazyfree_pending_objects ?? 0) > 0 ? (s.lazyfree_pending_objects as number) : 0);
  let i = firstIndexAtOrAfter(samples, end.at);
  let low: DefragSample | null = pendingOf(samples[i]!) === 0 ? samples[i]! : null;
  const fallback = samples[i]!;
  let prevAt = fallback.at;
  let pending = pendingOf(fallback);
  /** The last new low, or the moment lazy free finished: RSS is quiet when nothing moved for SETTLE_QUIET_MS since. */
  let quietSince = fallback.at;
  const settle = (reason: SettleReason) => {
    run.settled = point(low ?? fallback);
    run.settleReason = reason;
    run.lazyfreePending = null;
  };
  for (i++; i < samples.length; i++) {
    const s = samples[i]!;
    if (s.at >= nextStartAt) return settle('next-run');
    if (!s.ok || s.used_memory_rss === null || s.at - prevAt > maxGapMs) return settle('gap');
    prevAt = s.at;
    const wasPending = pending > 0;
    pending = pendingOf(s);
    if (pending > 0) continue;
    if (wasPending) quietSince = s.at;
    if (s.at - end.at > SETTLE_LIMIT_MS) {
      // Held past the limit by lazy free: the first sample after it finished is the "after".
      low ??= s;
      return settle('limit');
    }
    if (low === null || low.used_memory_rss === null || s.used_memory_rss <= low.used_memory_rss - SETTLE_MIN_DROP) {
      low = s;
      quietSince = s.at;
    }
    if (s.at - quietSince >= SETTLE_QUIET_MS) return settle('quiet');
  }
  if (nextStartAt !== Number.POSITIVE_INFINITY) return settle('next-run');
  run.lazyfreePending = pending > 0 ? pending : null;
}

function firstIndexAtOrAfter(samples: readonly { at: number }[], at: number): number {
  let lo = 0;
  let hi = samples.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Median spacing of the samples (1 s when there are fewer than two). Robust to a few gaps. */
export function medianIntervalMs(samples: readonly { at: number }[]): number {
  // The last 1000 intervals are plenty and keep this cheap on a day of samples.
  const from = Math.max(1, samples.length - 1000);
  const dts: number[] = [];
  for (let i = from; i < samples.length; i++) {
    const dt = samples[i]!.at - samples[i - 1]!.at;
    if (dt > 0) dts.push(dt);
  }
  if (dts.length === 0) return 1000;
  dts.sort((a, b) => a - b);
  return dts[dts.length >> 1]!;
}

/**
 * The allocator fragmentation (bytes) below which Redis's start test stops holding, i.e. what
 * "done" means for a run: a pass starts or continues only while frag_pct >= threshold-lower AND
 * frag_bytes >= ignore-bytes (facts, section 2), so the target is the larger of the two limits.
 * frag_pct = (allocator_frag_ratio - 1) * 100 and frag_bytes = (ratio - 1) * base, so the percent
 * limit in bytes is base * lower / 100, with base = frag_bytes / (ratio - 1) from a sample. INFO
 * prints the ratio with 2 decimals, so the base is only trusted when ratio - 1 >= 0.05 (<= 10 %
 * error); pass the sample with the largest ratio. Null when neither limit is known.
 * (Redis finishes the scan it is in even below the target, so this is where the trend is heading,
 * not the instant `active_defrag_running` drops to 0.)
 */
export function defragTargetFragBytes(
  sample: { allocator_frag_bytes: number | null; allocator_frag_ratio: number | null },
  thresholdLowerPct: number | null | undefined,
  ignoreBytes: number | null | undefined,
): number | null {
  let target: number | null = null;
  const { allocator_frag_bytes: bytes, allocator_frag_ratio: ratio } = sample;
  if (Number.isFinite(thresholdLowerPct) && bytes !== null && ratio !== null && ratio - 1 >= 0.05) {
    target = ((bytes / (ratio - 1)) * (thresholdLowerPct as number)) / 100;
  }
  if (Number.isFinite(ignoreBytes)) target = Math.max(target ?? 0, ignoreBytes as number);
  return target;
}

export interface RunProgressOptions {
  /** Where the run is heading, bytes; default from the samples' threshold_lower and `ignoreBytes`. */
  targetFragBytes?: number | null;
  /** `active-defrag-ignore-bytes`, used for the default target. */
  ignoreBytes?: number | null;
  /** Trend window, ms; default 15 s (enough points at 1 s to see through noise, recent enough to follow a run that slows down). */
  windowMs?: number;
  /** A run projected to need longer than this is "not converging"; default 24 h. */
  maxEtaMs?: number;
  /**
   * Keys in the server (DBSIZE summed over databases, i.e. INFO keyspace), for the pass estimate.
   * Not in the snapshot today; without it `pass` is null.
   */
  keyCount?: number | null;
}

/**
 * Where the current pass is. Every pass visits every key once, and active_defrag_key_hits +
 * active_defrag_key_misses counts the keys visited: on the recorded runs (fixtures/) a pass ended
 * exactly every 333,334 keys (the key count), on Redis 7.0 and Valkey 8.1 alike, and the
 * fragmentation fell at those moments. So keys visited / key count locates the pass far better
 * than the fragmentation trend, which stays flat for most of a slow pass and then drops at once.
 */
export interface PassProgress {
  /** 0 for the first pass of the run. */
  index: number;
  /** Of the current pass, 0..1. */
  fraction: number;
  /** Keys per second over the trend window. */
  keysPerSec: number | null;
  /** Until the current pass has visited every key, at the recent rate; null when no rate. */
  etaMs: number | null;
}

/**
 * `converging`: allocator_frag_bytes falls significantly (slope at least 2 standard errors below
 * 0, and by at least 0.5 % of the starting fragmentation over the window) and would reach the
 * target (0 when unknown) within maxEtaMs. `flat`: no such trend either way. `rising`: up by the
 * same rule (writes outpace defrag). `unknown`: fewer than 4 points in the window, or the run is over.
 *
 * Measured on real runs (fixtures/): allocator fragmentation falls in steps at the end of each
 * pass, not smoothly, so during a slow pass this trend reads `flat` for a long time while the
 * server works steadily; `pass` (from the key counters) is the better progress figure there.
 */
export type RunTrend = 'converging' | 'flat' | 'rising' | 'unknown';

export interface RunProgress {
  /** `settling`: the run ended but RSS may still fall (DefragRun.settled is null). */
  status: 'running' | 'settling' | 'finished' | 'interrupted';
  elapsedMs: number;
  /**
   * used_memory_rss before the run (DefragRun.before, else start) minus where it settled
   * (DefragRun.settled); while running or settling, minus the latest sample.
   */
  reclaimedRssBytes: number | null;
  reclaimedFragBytes: number | null;
  /** reclaimedFragBytes / allocator_frag_bytes before the run, clamped to [0, 1]; null when unknown. */
  fractionReclaimed: number | null;
  targetFragBytes: number | null;
  /** Of what can be reclaimed (start - target), clamped to [0, 1]; null without a target. */
  fractionOfReclaimable: number | null;
  /** From `now` until the fitted trend meets the target; null unless converging with a known target. */
  etaMs: number | null;
  converging: boolean;
  trend: RunTrend;
  /** Fitted slope of allocator_frag_bytes over the window, bytes/s (negative = shrinking). */
  fragBytesPerSec: number | null;
  /** Null without `keyCount`, without the key counters, or when the run's start was not seen. */
  pass: PassProgress | null;
  /** While settling: objects the lazyfree thread has yet to free (the "after" waits for 0); else null. */
  lazyfreePending?: number | null;
}

const TREND_MIN_POINTS = 4;
/** The slope must be 2 standard errors from 0... */
const TREND_MIN_T = 2;
/** ...and move the fitted line by 0.5 % of the fragmentation the run started from, over the window. */
const TREND_MIN_CHANGE = 0.005;

/** Progress of `run` (from detectRuns over `samples`) at time `now`. */
export function runProgress(run: DefragRun, samples: readonly DefragSample[], now: number, options: RunProgressOptions = {}): RunProgress {
  const windowMs = options.windowMs ?? 15_000;
  const maxEtaMs = options.maxEtaMs ?? 24 * 3_600_000;
  const endAt = run.end?.at ?? Number.POSITIVE_INFINITY;
  const inRun = samples.filter((s) => s.ok && s.at >= run.start.at && s.at <= endAt);
  const latest: RunPoint = run.end ?? (inRun.length > 0 ? point(inRun[inRun.length - 1]!) : run.start);
  const from = run.before ?? run.start;
  const diff = (a: number | null, b: number | null) => (a !== null && b !== null ? a - b : null);
  const settling = run.endReason === 'idle' && run.settled === null;
  const rssNow = settling ? lastOkAtOrBefore(samples, now) : null;
  const rssEnd = run.settled ?? (rssNow ? point(rssNow) : latest);
  const reclaimedRssBytes = diff(from.used_memory_rss, rssEnd.used_memory_rss);
  const reclaimedFragBytes = diff(from.allocator_frag_bytes, latest.allocator_frag_bytes);
  const startFrag = from.allocator_frag_bytes;
  const fractionReclaimed = reclaimedFragBytes !== null && startFrag !== null && startFrag > 0 ? clamp01(reclaimedFragBytes / startFrag) : null;

  const targetFragBytes = options.targetFragBytes !== undefined ? options.targetFragBytes : defaultTarget(inRun, from, options.ignoreBytes);
  const fractionOfReclaimable =
    targetFragBytes !== null && reclaimedFragBytes !== null && startFrag !== null && startFrag > targetFragBytes
      ? clamp01(reclaimedFragBytes / (startFrag - targetFragBytes))
      : null;

  const base = {
    lazyfreePending: settling ? run.lazyfreePending : null,
    elapsedMs: (run.end?.at ?? now) - run.start.at,
    reclaimedRssBytes,
    reclaimedFragBytes,
    fractionReclaimed,
    targetFragBytes,
    fractionOfReclaimable,
  };
  if (run.end !== null) {
    const status = run.endReason === 'outage' ? 'interrupted' : settling ? 'settling' : 'finished';
    return { ...base, status, etaMs: null, converging: false, trend: 'unknown', fragBytesPerSec: null, pass: null };
  }
  const pass = passProgress(run, samples, now, windowMs, options.keyCount);

  // Trend: least squares over the window, x in seconds before the latest sample (so the
  // intercept is the fitted "now" value and the numbers stay small).
  const lastAt = latest.at;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of inRun) {
    if (s.at < lastAt - windowMs || s.allocator_frag_bytes === null) continue;
    xs.push((s.at - lastAt) / 1000);
    ys.push(s.allocator_frag_bytes);
  }
  const fit = xs.length >= TREND_MIN_POINTS ? linearFit(xs, ys) : null;
  if (!fit) return { ...base, status: 'running', etaMs: null, converging: false, trend: 'unknown', fragBytesPerSec: null, pass };

  const t = fit.slopeStdErr > 0 ? fit.slope / fit.slopeStdErr : fit.slope === 0 ? 0 : Math.sign(fit.slope) * Number.POSITIVE_INFINITY;
  // A trend must also matter: on a plateau INFO can creep by a few KB with almost no noise,
  // which is "significant" to the t test. Recorded: 4.36 -> 4.37 MiB read as rising.
  const span = xs[xs.length - 1]! - xs[0]! || 1;
  const scale = startFrag ?? Math.abs(fit.intercept);
  const matters = Math.abs(fit.slope * span) >= TREND_MIN_CHANGE * scale;
  const sinceLast = Math.max(0, now - lastAt);
  let trend: RunTrend = t >= TREND_MIN_T && matters ? 'rising' : 'flat';
  let etaMs: number | null = null;
  if (t <= -TREND_MIN_T && matters) {
    const remaining = fit.intercept - (targetFragBytes ?? 0);
    const toGoMs = remaining <= 0 ? 0 : (remaining / -fit.slope) * 1000 - sinceLast;
    if (toGoMs <= maxEtaMs) {
      trend = 'converging';
      if (targetFragBytes !== null) etaMs = Math.max(0, Math.round(toGoMs));
    }
  }
  return { ...base, status: 'running', etaMs, converging: trend === 'converging', trend, fragBytesPerSec: fit.slope, pass };
}

/** Keys visited since the idle sample before the run, pass by pass (see PassProgress). */
function passProgress(
  run: DefragRun,
  samples: readonly DefragSample[],
  now: number,
  windowMs: number,
  keyCount: number | null | undefined,
): PassProgress | null {
  if (!run.before || !(keyCount !== null && keyCount !== undefined && keyCount > 0)) return null;
  const visitedCounter = (s: DefragSample) =>
    s.ok && Number.isFinite(s.active_defrag_key_hits) && Number.isFinite(s.active_defrag_key_misses)
      ? (s.active_defrag_key_hits as number) + (s.active_defrag_key_misses as number)
      : null;
  // Cumulative keys visited at each sample from `before` on. A counter that went down was reset
  // (CONFIG RESETSTAT): its new value is what was visited since, a slight undercount.
  const points: { at: number; visited: number }[] = [];
  let prev: number | null = null;
  let visited = 0;
  for (const s of samples) {
    if (s.at < run.before.at) continue;
    const counter = visitedCounter(s);
    if (counter === null) {
      if (points.length === 0) return null;
      continue;
    }
    if (prev !== null) visited += counter >= prev ? counter - prev : counter;
    prev = counter;
    points.push({ at: s.at, visited });
  }
  const last = points[points.length - 1];
  if (!last) return null;
  const inPass = last.visited % keyCount;
  const first = points.find((p) => p.at >= last.at - windowMs)!;
  const keysPerSec = last.at > first.at ? ((last.visited - first.visited) * 1000) / (last.at - first.at) : null;
  const etaMs = keysPerSec !== null && keysPerSec > 0 ? Math.max(0, Math.round(((keyCount - inPass) / keysPerSec) * 1000 - Math.max(0, now - last.at))) : null;
  return { index: Math.floor(last.visited / keyCount), fraction: inPass / keyCount, keysPerSec, etaMs };
}

/** Target from the run's best ratio sample (largest ratio: least hurt by INFO's 2-decimal rounding). */
function defaultTarget(inRun: readonly DefragSample[], start: RunPoint, ignoreBytes: number | null | undefined): number | null {
  let best: { allocator_frag_bytes: number | null; allocator_frag_ratio: number | null } = start;
  let lower: number | null = null;
  for (const s of inRun) {
    if (s.allocator_frag_ratio !== null && s.allocator_frag_bytes !== null && s.allocator_frag_ratio > (best.allocator_frag_ratio ?? 0)) best = s;
    if (s.threshold_lower !== undefined && s.threshold_lower !== null) lower = s.threshold_lower;
  }
  return defragTargetFragBytes(best, lower, ignoreBytes);
}

function lastOkAtOrBefore(samples: readonly DefragSample[], at: number): DefragSample | null {
  for (let i = samples.length - 1; i >= 0; i--) {
    const s = samples[i]!;
    if (s.at <= at && s.ok && s.used_memory_rss !== null) return s;
  }
  return null;
}

function clamp01(v: number): number {
  return Math.min(1, Math.max(0, v));
}
