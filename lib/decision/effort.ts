/**
 * The server's effort formula (`computeDefragCycles` in Redis, `updateDefragCpuPercent` in Valkey):
 *   cpu = (int)(cycle_min + (frag_pct - lower) * (cycle_max - cycle_min) / (upper - lower))
 *   cpu = LIMIT(cpu, cycle_min, cycle_max)
 */

export interface EffortConfig {
  lower: number;
  upper: number;
  cycleMin: number;
  cycleMax: number;
}

/**
 * The fragmentation percent defrag's thresholds speak of, `(allocator_frag_ratio - 1) * 100`, with
 * binary floating-point noise removed (1.15 -> 15, not 14.999...). The model and the gauge both use
 * it, so the figure shown is the figure compared. Null when the ratio is unknown.
 */
export function fragPctFromRatio(ratio: number | null | undefined): number | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return null;
  return Math.round((ratio - 1) * 100 * 1e6) / 1e6;
}

/** C's `LIMIT(y, min, max)`: `y < min ? min : (y > max ? max : y)`, so with min > max anything >= min gives max. */
export function limit(y: number, min: number, max: number): number {
  return y < min ? min : y > max ? max : y;
}

const f = Math.fround;

/** C's `(int)` of a float on x86-64 (`cvttss2si`): NaN, +-inf and out-of-range give INT_MIN. */
export function cToInt(x: number): number {
  if (!Number.isFinite(x) || x >= 2147483648 || x < -2147483648) return -2147483648;
  return Math.trunc(x);
}

/**
 * `INTERPOLATE` then `LIMIT` exactly as C evaluates them with a `float frag_pct` and `int`
 * thresholds (Redis 7.0.15 defrag.c:1066-1085, 8.6.3 :1365-1386, Valkey 9.1.2 :1261-1278):
 * float subtract, multiply by the int span, divide by the int span, add cycle_min, truncate to int,
 * (Redis 8 only: `cpu_pct *= decay_rate`, int times float), then clamp. `upper == lower` divides by
 * zero: on x86-64 the int conversion gives INT_MIN, which LIMIT turns into cycle_min.
 */
export function cDefragCpuPercent(fragPct: number, c: EffortConfig, decay?: number): number {
  const t1 = f(fragPct - c.lower);
  const t2 = f(t1 * (c.cycleMax - c.cycleMin));
  const t3 = f(t2 / (c.upper - c.lower));
  let cpu = cToInt(f(c.cycleMin + t3));
  if (decay !== undefined) cpu = cToInt(f(f(cpu) * decay));
  return limit(cpu, c.cycleMin, c.cycleMax);
}

/**
 * CPU % the server computes for this fragmentation. Null when `upper == lower`: C calls the
 * division by zero undefined, and the result depends on the CPU (cycle-min on x86-64, cycle-max on
 * AArch64), so the model does not guess; the config editor refuses the value anyway.
 */
export function defragCpuPercent(fragPct: number, c: EffortConfig): number | null {
  if (c.upper === c.lower) return null;
  return cDefragCpuPercent(fragPct, c);
}

/**
 * Effort of a pass already running after the next check. The server only raises it (`cpu > running`),
 * except right after a CONFIG SET of cycle-min, cycle-max or threshold-upper on Redis >= 7.4 /
 * Valkey >= 8.0, which lets it fall to the formula's value.
 */
export function nextRunningEffort(current: number, formula: number, lowerAllowed: boolean): number {
  return lowerAllowed ? formula : Math.max(current, formula);
}
