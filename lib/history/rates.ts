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
 * sample i is the first of a new server process. `out` may be `values` itself (the query turns
 * its decoded counters into rates in place: each value is read before its slot is written).
 */
export function counterRates(
  at: ArrayLike<number>,
  values: ArrayLike<number>,
  restarted: ArrayLike<number | boolean>,
  options: CounterRatesOptions,
  out: Float64Array = new Float64Array(at.length),
): Float64Array {
  const n = at.length;
  let prevAt = options.before?.at ?? Number.NaN;
  let prevValue = options.before?.value ?? Number.NaN;
  const { maxGapMs, idleSpaced } = options;
  const idleMaxGapMs = options.idleMaxGapMs ?? maxGapMs;
  for (let i = 0; i < n; i++) {
    const t = at[i] as number;
    const v = values[i] as number;
    // stepRate, inlined (a 24 h query runs this ~350k times): same rule, same arithmetic.
    const dt = t - prevAt;
    const gap = idleSpaced?.[i] ? idleMaxGapMs : maxGapMs;
    out[i] =
      !Number.isFinite(prevValue) || !Number.isFinite(v) || !(dt > 0) || dt > gap || restarted[i] || v < prevValue ? Number.NaN : ((v - prevValue) * 1000) / dt;
    prevAt = t;
    prevValue = v;
  }
  return out;
}
