import { sparklineGeometry } from '@/lib/fleet/sparkline';

export interface SparklineProps {
  /** Seconds after the hour's start, and the values (null: a gap). */
  t: readonly number[];
  values: readonly (number | null)[];
  spanSeconds: number;
  /** What the line is, for screen readers and the tooltip: "allocator ratio". */
  label: string;
  /** How the range is written in the label and tooltip. */
  format: (value: number) => string;
  testId: string;
}

const WIDTH = 96;
const HEIGHT = 24;

/**
 * A hand-drawn `<polyline>` (a few hundred of these cost far less than charts): the last hour of
 * one figure, its range in words beside the line so it reads without the picture.
 */
export function Sparkline({ t, values, spanSeconds, label, format, testId }: SparklineProps) {
  const g = sparklineGeometry(t, values, spanSeconds, WIDTH, HEIGHT);
  const words = g.min === null || g.max === null ? `${label}: no samples in the last hour` : `${label}, last hour: ${format(g.min)} to ${format(g.max)}`;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={words}
      data-testid={testId}
      data-min={g.min ?? ''}
      data-max={g.max ?? ''}
      data-points={values.filter((v) => v !== null).length}
      className="block shrink-0 text-sky-700 dark:text-sky-400"
    >
      <title>{words}</title>
      {g.segments.map((points, i) => (
        <polyline key={i} points={points} fill="none" stroke="currentColor" strokeWidth={1.25} strokeLinejoin="round" />
      ))}
    </svg>
  );
}
