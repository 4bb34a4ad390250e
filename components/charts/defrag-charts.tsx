'use client';

import { formatBytes, formatRatio } from '@/lib/format';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { DEFRAG_RATES, EFFORT, KEY_RATES, MEMORY, RATIOS, RTT } from './chart-series';
import { TimeSeriesChart } from './time-series-chart';

/** "1.5k/s", "240/s", "0.5/s": small rates keep a decimal, so an axis never reads "0/s, 0/s, 1/s". */
export const perSecond = (v: number) => `${v >= 1000 ? `${trim((v / 1000).toFixed(1))}k` : v >= 10 || v === 0 ? v.toFixed(0) : trim(v.toFixed(1))}/s`;
const trim = (text: string) => (text.endsWith('.0') ? text.slice(0, -2) : text);
/** "0.4 ms", "140 ms", "2.8 s": never "2800.0 ms", and short enough not to wrap on the axis. */
// The cut-offs are where rounding would print the next unit's width (9.96 -> "10.0 ms", 999.7 -> "1000 ms").
export const latencyLabel = (ms: number) => (ms >= 999.5 ? `${(ms / 1000).toFixed(1)} s` : ms >= 9.95 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);

export interface DefragChartsProps {
  history: HistoryResponse;
  version: number;
  runs: { start: number; end: number | null }[];
  /** `active-defrag-threshold-lower` (percent), drawn on the ratio chart as 1 + lower/100. */
  thresholdLower: number | null;
  /** Moments drawn as labelled vertical lines on every chart; keep the array stable (memoised charts). */
  markers?: Array<{ at: number; label: string }>;
  /** Drag-to-zoom on any chart; the range applies to all of them. */
  onZoom?: (range: { from: number; to: number }) => void;
}

/** The progress charts on one time axis with one hover cursor. */
export function DefragCharts({ history, version, runs, thresholdLower, markers, onZoom }: DefragChartsProps) {
  const common = { history, version, runs, markers, onZoom };
  const threshold = thresholdLower === null ? [] : [{ y: 1 + thresholdLower / 100, label: `threshold-lower ${thresholdLower}%` }];
  return (
    <div className="grid gap-3 xl:grid-cols-2" data-testid="defrag-charts">
      <TimeSeriesChart {...common} title="Fragmentation ratios" testId="chart-ratios" series={RATIOS} format={formatRatio} referenceLines={threshold} />
      <TimeSeriesChart {...common} title="Memory: used vs RSS" testId="chart-memory" series={MEMORY} format={(v) => formatBytes(v)} />
      <TimeSeriesChart {...common} title="Defrag hits and misses" testId="chart-defrag-rates" series={DEFRAG_RATES} format={perSecond} />
      <TimeSeriesChart {...common} title="Keys defragged" testId="chart-key-rates" series={KEY_RATES} format={perSecond} />
      <TimeSeriesChart {...common} title="Defrag effort" testId="chart-effort" series={EFFORT} format={(v) => `${v.toFixed(0)}%`} />
      <TimeSeriesChart {...common} title="Latency seen by the dashboard" testId="chart-latency" series={RTT} format={latencyLabel} />
    </div>
  );
}
