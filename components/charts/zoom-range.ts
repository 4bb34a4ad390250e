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

/**
 * The time under the pointer: its x across the plot area (the chart's grid), mapped linearly onto
 * the time axis and held inside it, so a drag that runs past the plot's edge stops at the edge.
 */
export function timeAtX(clientX: number, plot: { left: number; width: number }, domain: readonly [number, number]): number | null {
  if (!Number.isFinite(clientX) || !(plot.width > 0)) return null;
  const share = Math.min(Math.max((clientX - plot.left) / plot.width, 0), 1);
  return domain[0] + share * (domain[1] - domain[0]);
}
