/**
 * A sparkline's geometry: values scaled into a small box, as SVG polyline point lists. Pure, so
 * the scaling is unit-tested and the component only draws. A gap (null) breaks the line, as on
 * the big charts; a flat series sits in the middle rather than on an edge.
 */
export interface SparklineGeometry {
  /** One "x,y x,y ..." string per unbroken run of values. */
  segments: string[];
  /** The range drawn (null: no value at all). */
  min: number | null;
  max: number | null;
  last: number | null;
}

export function sparklineGeometry(
  t: readonly number[],
  values: readonly (number | null)[],
  spanSeconds: number,
  width: number,
  height: number,
  pad = 1,
): SparklineGeometry {
  let min = Infinity;
  let max = -Infinity;
  let last: number | null = null;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    last = v;
  }
  if (last === null) return { segments: [], min: null, max: null, last: null };
  const spread = max - min;
  const x = (s: number) => pad + (Math.min(Math.max(s, 0), spanSeconds) / spanSeconds) * (width - 2 * pad);
  const y = (v: number) => (spread === 0 ? height / 2 : pad + (1 - (v - min) / spread) * (height - 2 * pad));
  const segments: string[] = [];
  let run: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = t[i];
    if (v === null || v === undefined || !Number.isFinite(v) || at === undefined) {
      if (run.length > 0) segments.push(run.join(' '));
      run = [];
      continue;
    }
    run.push(`${round(x(at))},${round(y(v))}`);
  }
  if (run.length > 0) segments.push(run.join(' '));
  return { segments, min, max, last };
}

const round = (n: number) => Math.round(n * 10) / 10;
