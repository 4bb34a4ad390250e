/**
 * Counter -> per-second rate, for `active_defrag_hits` and friends. Pure: columns in, column out.
 *
 * A rate is only given where it is honest: between two consecutive good samples of the same
 * server process, close enough in time. Everywhere else it is null (NaN in a column), never a
 * guess. In particular:
 * - Gap: either sample missing (outage, `ok: false`, field absent) -> null. Never an average
 *   across the gap: the counter may have moved at any time while we were not looking.
 * - Time gap: consecutive samples further apart than `maxGapMs` (event loop stall, store
 *   restarted) -> null, for the same reason.
 * - Reset: the counter went down (CONFIG RESETSTAT) or the server restarted (run_id changed)
 *   -> null for that one step. We do not report "post-reset value / interval": the reset
 *   happened at an unknown moment inside the interval (and a restart's counters may have grown
 *   for longer than the interval before we reconnected), so that figure is an unknown fraction
 *   of the truth; one missing point is better than a wrong one. A negative rate or a spike
 *   therefore cannot come out of here.
 * Not detectable: a RESETSTAT after which the counter climbs above its old value within a single
 * interval (needs ~1 s of defrag to out-run the counter's whole history), seen as a normal step.
 */

/**
 * How far apart two samples may be for a rate between them: 3 poll intervals (a late tick or
 * two is still one honest average), but at least 2 s so sub-second polling tolerates a GC pause.
 */
export function defaultMaxGapMs(intervalMs: number): number {
  return Math.max(3 * intervalMs, 2000);
}

/**
 * Per-second rate from one sample to the next, or null.
 * `restarted`: the later sample comes from a new server process (run_id changed).
 */
export function stepRate(prevAt: number, prevValue: number | null, at: number, value: number | null, restarted: boolean, maxGapMs: number): number | null {
  // Number.isFinite rejects null and NaN alike: both mean "no sample".
  if (!Number.isFinite(prevValue) || !Number.isFinite(value)) return null;
  const dt = at - prevAt;
  if (!(dt > 0) || dt > maxGapMs) return null;
  if (restarted || (value as number) < (prevValue as number)) return null;
  return (((value as number) - (prevValue as number)) * 1000) / dt;
}

export interface CounterRatesOptions {
  maxGapMs: number;
  /** The sample just before `at[0]`, so the first element can have a rate too. */
  before?: { at: number; value: number };
  /** Samples taken after an idle poll interval (truthy) may be this far from the one before. */
  idleSpaced?: ArrayLike<number>;
  idleMaxGapMs?: number;
}

/**
 * Rates for a whole column: element i is the rate from sample i-1 to sample i (NaN = null).
 * `at` must be ascending; `values` uses NaN for a missing sample; `restarted[i]` truthy means
 * sample i is the first of a new server process. `out` may be `values` itself.
 * The same as rateIntervals then ratesOver, which a query uses to share the time rule among its counters.
 */
export function counterRates(
  at: ArrayLike<number>,
  values: ArrayLike<number>,
  restarted: ArrayLike<number | boolean>,
  options: CounterRatesOptions,
  out: Float64Array = new Float64Array(at.length),
): Float64Array {
  const flags = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) flags[i] = (restarted[i] ? RESTART_BIT : 0) | (options.idleSpaced?.[i] ? IDLE_BIT : 0);
  const intervals = rateIntervals(at, flags, { restart: RESTART_BIT, idle: IDLE_BIT }, { ...options, beforeAt: options.before?.at ?? Number.NaN });
  return ratesOver(values, intervals, options.before?.value ?? Number.NaN, out);
}

const RESTART_BIT = 1;
const IDLE_BIT = 2;

/**
 * Per sample, the interval (ms) that a rate ending at it divides by, or NaN where no rate may end
 * there: not after the sample before, further from it than the gap rule allows (the idle gap for an
 * idle-spaced sample), or the first sample of a new server process. The rule is about the samples,
 * not a counter, so a query computes it once for all its counters. `flags` are per-sample bit sets;
 * `bits` says which bit marks a restart and which an idle-spaced sample. `out` may be `flags` itself.
 */
export function rateIntervals(
  at: ArrayLike<number>,
  flags: ArrayLike<number>,
  bits: { restart: number; idle: number },
  options: { maxGapMs: number; idleMaxGapMs?: number; beforeAt: number },
  out: Float64Array = new Float64Array(at.length),
): Float64Array {
  const { maxGapMs } = options;
  const idleMaxGapMs = options.idleMaxGapMs ?? maxGapMs;
  const { restart, idle } = bits;
  let prevAt = options.beforeAt;
  for (let i = 0; i < at.length; i++) {
    const t = at[i] as number;
    const f = flags[i] as number;
    const dt = t - prevAt;
    const gap = f & idle ? idleMaxGapMs : maxGapMs;
    out[i] = dt > 0 && dt <= gap && (f & restart) === 0 ? dt : Number.NaN;
    prevAt = t;
  }
  return out;
}

/**
 * One counter's rates over rateIntervals' intervals: NaN where either sample has no value, the
 * counter went down (CONFIG RESETSTAT) or no rate may end there. `out` may be `values` itself
 * (each value is read before its slot is written). Same arithmetic as stepRate, to the bit.
 */
export function ratesOver(
  values: ArrayLike<number>,
  intervals: Float64Array,
  beforeValue: number,
  out: Float64Array = new Float64Array(values.length),
): Float64Array {
  let prev = beforeValue;
  for (let i = 0; i < intervals.length; i++) {
    const v = values[i] as number;
    // x - x === 0 holds for finite x only (NaN and ±Infinity give NaN): Number.isFinite without a call.
    // A NaN interval makes the quotient NaN by itself.
    out[i] = v - v === 0 && prev - prev === 0 && v >= prev ? ((v - prev) * 1000) / (intervals[i] as number) : Number.NaN;
    prev = v;
  }
  return out;
}
