import { MIN_RANGE_MS } from '@/lib/targets/chart-range';

/**
 * Drag-to-zoom maths. A drag gives two x values (the samples under the pointer where it went down
 * and where it was let go), in either order; the zoom is the span between them, kept inside the
 * chart's domain. Pure, so it is tested beside this file.
 */
export function zoomSelection(
  a: number | null,
  b: number | null,
  domain: readonly [number, number],
  minSpanMs = MIN_RANGE_MS,
): { from: number; to: number } | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const [lo, hi] = domain;
  const from = Math.max(Math.min(a, b), lo);
  const to = Math.min(Math.max(a, b), hi);
  // A click, or a drag of a pixel or two, is not a zoom: the charts would show one or two samples.
  if (to - from < minSpanMs) return null;
  return { from: Math.floor(from), to: Math.ceil(to) };
}

/** recharts gives the x under the pointer as `activeLabel` (a number on our numeric time axis, or undefined off the plot). */
export function pointerTime(state: { activeLabel?: unknown } | null | undefined): number | null {
  const label = state?.activeLabel;
  const value = typeof label === 'number' ? label : typeof label === 'string' && label !== '' ? Number(label) : Number.NaN;
  return Number.isFinite(value) ? value : null;
}
