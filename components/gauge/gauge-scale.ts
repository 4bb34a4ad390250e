/**
 * The RSS gauge's scale: 0.5 to 3.0, with marks at the band edges (1.0, 1.5, 2.0) and the ends.
 * A ratio beyond an end cannot be drawn where it is, so the needle stops at the end and the gauge
 * says so ("▲ 4.70 beyond scale") instead of pinning silently. Pure, so it is tested beside this file.
 */
export const GAUGE_MIN = 0.5;
export const GAUGE_MAX = 3;

/** The rule-of-thumb bands on the RSS ratio (seed guide), plus the "below one" swap zone. */
export const GAUGE_BANDS = [
  { from: GAUGE_MIN, to: 1, className: 'stroke-sky-400' },
  { from: 1, to: 1.5, className: 'stroke-emerald-500' },
  { from: 1.5, to: 2, className: 'stroke-amber-500' },
  { from: 2, to: GAUGE_MAX, className: 'stroke-red-500' },
] as const;

/** Labelled marks: the ends and every band edge. */
export const GAUGE_MARKS: readonly number[] = [GAUGE_MIN, 1, 1.5, 2, GAUGE_MAX];

export interface GaugeNeedle {
  /** Where the needle points: the ratio, held inside the scale. */
  value: number;
  /** The ratio lies beyond the scale's end on this side. */
  beyond: 'above' | 'below' | null;
}

export function gaugeNeedle(ratio: number | null): GaugeNeedle | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  if (ratio > GAUGE_MAX) return { value: GAUGE_MAX, beyond: 'above' };
  if (ratio < GAUGE_MIN) return { value: GAUGE_MIN, beyond: 'below' };
  return { value: ratio, beyond: null };
}

/** The needle's angle in radians: π at the scale's start (left), 0 at its end (right). */
export function gaugeAngle(value: number): number {
  const clamped = Math.min(Math.max(value, GAUGE_MIN), GAUGE_MAX);
  return Math.PI * (1 - (clamped - GAUGE_MIN) / (GAUGE_MAX - GAUGE_MIN));
}

/** A mark's label: "1.0", "1.5", "3.0" (one decimal is enough for a scale). */
export const markLabel = (value: number) => value.toFixed(1);
