'use client';

import dynamic from 'next/dynamic';
import type { DefragChartsProps } from './defrag-charts';
import type { LatencyChartProps } from './latency-chart';

/** The charts' boxes before their code arrives: the same grid and heights, so nothing below them moves. */
function ChartsPlaceholder() {
  return (
    <div className="grid gap-3 xl:grid-cols-2" data-testid="defrag-charts-loading" aria-busy="true">
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="h-[226px] rounded-lg border border-zinc-200 dark:border-zinc-800" />
      ))}
    </div>
  );
}

/**
 * The progress charts, loaded after the first paint: recharts is the biggest library on the page
 * (~120 KiB gzip), and the status strip and gauge, which come from the server-rendered HTML, must
 * not wait for it. Not server-rendered: the charts size themselves to the browser's layout anyway.
 */
export const LazyDefragCharts = dynamic<DefragChartsProps>(() => import('./defrag-charts').then((m) => m.DefragCharts), {
  ssr: false,
  loading: ChartsPlaceholder,
});

/** The latency chart, for the same reason: it draws with recharts. Sized like one chart box. */
export const LazyLatencyChart = dynamic<LatencyChartProps>(() => import('./latency-chart').then((m) => m.LatencyChart), {
  ssr: false,
  loading: () => <div className="h-[226px] rounded-lg border border-zinc-200 dark:border-zinc-800" aria-busy="true" />,
});
