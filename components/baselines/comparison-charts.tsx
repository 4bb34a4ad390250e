'use client';

import { useMemo, useState } from 'react';
import { CHART_SERIES } from '@/components/charts/chart-series';
import { DefragCharts } from '@/components/charts/defrag-charts';
import { historyUrl } from '@/lib/client/history-requests';
import { useResource } from '@/lib/client/use-resource';
import { historyResponseSchema } from '@/lib/history/api-schema';
import { formatMomentTime } from './baseline-text';
import { clipToData, comparisonSpan, markersOutside } from './comparison-span';

const CHART_POINTS = 600;

export interface ComparisonChartsProps {
  targetId: string;
  beforeAt: number;
  afterAt: number;
  /** Detected defrag runs, shaded as on the dashboard; keep the array stable. */
  runs: { start: number; end: number | null }[];
}

/** The dashboard's charts around the two moments, with "before" and "after" marked on the shared time axis. */
export function ComparisonCharts({ targetId, beforeAt, afterAt, runs }: ComparisonChartsProps) {
  // "Now" is fixed when the comparison opens, so the charts' span does not move under the reader.
  const [openedAt] = useState(() => Date.now());
  const span = useMemo(() => comparisonSpan(beforeAt, afterAt, openedAt), [beforeAt, afterAt, openedAt]);
  const { data, error: failure, loading } = useResource(historyUrl(targetId, span.from, span.to, CHART_POINTS, CHART_SERIES), historyResponseSchema);
  const history = useMemo(() => (data ? clipToData(data) : null), [data]);
  const markers = useMemo(
    () => [
      { at: beforeAt, label: 'before' },
      { at: afterAt, label: 'after' },
    ],
    [beforeAt, afterAt],
  );
  const outside = history ? markersOutside(markers, history) : [];
  return (
    <section className="grid gap-2" data-testid="comparison-charts" data-from={history?.from} data-to={history?.to}>
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h3 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Around the two moments</h3>
        {history ? (
          <span className="text-xs text-zinc-500">
            {formatMomentTime(history.from)} to {formatMomentTime(history.to)} · vertical lines mark “before” and “after”
          </span>
        ) : null}
      </div>
      {failure ? (
        <p role="alert" className="text-sm font-semibold text-red-700 dark:text-red-300" data-testid="comparison-charts-error">
          ✗ Cannot read the history: {failure.message}
        </p>
      ) : null}
      {outside.length > 0 ? (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="comparison-charts-outside">
          ⚠ {outside.join(' and ')} {outside.length === 1 ? 'is' : 'are'} outside the kept history, so{' '}
          {outside.length === 1 ? 'its line is' : 'their lines are'} not drawn.
        </p>
      ) : null}
      {history ? (
        <DefragCharts history={history} version={0} runs={runs} thresholdLower={null} markers={markers} />
      ) : !loading && !failure ? (
        <p className="text-sm text-zinc-500">The history holds no samples between these moments (older than it keeps, or before the dashboard started).</p>
      ) : !failure ? (
        <p className="text-sm text-zinc-500">Loading history…</p>
      ) : null}
    </section>
  );
}
