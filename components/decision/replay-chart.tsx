'use client';

import { useMemo } from 'react';
import { TimeSeriesChart, type SeriesSpec } from '@/components/charts/time-series-chart';
import type { ReplayResponse } from '@/lib/decision/api-schema';

const SERIES: SeriesSpec[] = [
  { key: 'actual', label: 'actual effort (active_defrag_running)', color: '#2563eb' },
  { key: 'replayed', label: 'replayed effort (these values)', color: '#d97706', dashed: true },
];

const percent = (v: number) => `${v}%`;

/**
 * The replay on the charts' time axis: the shaded bands are when defrag would have run with the
 * candidate values, the lines the effort it would have used next to the effort it did use.
 */
export function ReplayChart({ replay }: { replay: ReplayResponse }) {
  // From the first recorded sample: a range longer than the history would leave the chart mostly empty.
  const history = useMemo(
    () => ({ from: Math.max(replay.from, replay.t[0] ?? replay.from), to: replay.to, t: replay.t, series: { actual: replay.actual, replayed: replay.effort } }),
    [replay],
  );
  const bands = useMemo(() => replay.spans.map((s) => ({ start: s.start, end: s.end })), [replay]);
  return (
    <div data-testid="replay-chart" data-spans={replay.spans.length}>
      <TimeSeriesChart
        title="Effort: actual and replayed (shaded: would have run)"
        testId="replay-effort-chart"
        history={history}
        version={0}
        series={SERIES}
        format={percent}
        runs={bands}
      />
    </div>
  );
}
