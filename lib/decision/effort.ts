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

/**
 * CPU % the server computes for this fragmentation. Null when `upper == lower`: Redis divides by
 * zero there and converts the resulting inf/NaN to int, which is undefined behaviour in C.
 */
export function defragCpuPercent(fragPct: number, c: EffortConfig): number | null {
  if (c.upper === c.lower) return null;
  // Same operation order as the C macro: multiply before dividing, then truncate toward zero.
  const y = Math.trunc(c.cycleMin + ((fragPct - c.lower) * (c.cycleMax - c.cycleMin)) / (c.upper - c.lower));
  return limit(y, c.cycleMin, c.cycleMax);
}

/**
 * Effort of a pass already running after the next check. The server only raises it (`cpu > running`),
 * except right after a CONFIG SET of cycle-min, cycle-max or threshold-upper on Redis >= 7.4 /
 * Valkey >= 8.0, which lets it fall to the formula's value.
 */
export function nextRunningEffort(current: number, formula: number, lowerAllowed: boolean): number {
  return lowerAllowed ? formula : Math.max(current, formula);
}
