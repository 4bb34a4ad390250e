'use client';

import { formatBytes, formatRatio } from '@/lib/format';
import type { HistoryResponse } from '@/lib/history-schema';
import { TimeSeriesChart, type SeriesSpec } from './time-series-chart';

// Declared once, outside render, so the memoised charts see stable props.
const RATIOS: SeriesSpec[] = [
  { key: 'mem_fragmentation_ratio', label: 'RSS ratio (mem_fragmentation_ratio)', color: '#f97316' },
  { key: 'allocator_frag_ratio', label: 'allocator_frag_ratio (defrag acts on)', color: '#8b5cf6' },
];
const MEMORY: SeriesSpec[] = [
  { key: 'used_memory', label: 'used_memory', color: '#0ea5e9' },
  { key: 'used_memory_rss', label: 'used_memory_rss', color: '#f97316' },
  { key: 'allocator_active', label: 'allocator_active', color: '#a78bfa', dashed: true },
  { key: 'allocator_resident', label: 'allocator_resident', color: '#7c3aed', dashed: true },
];
const DEFRAG_RATES: SeriesSpec[] = [
  { key: 'active_defrag_hits_per_sec', label: 'defrag hits/s', color: '#10b981' },
  { key: 'active_defrag_misses_per_sec', label: 'defrag misses/s', color: '#ef4444' },
];
const KEY_RATES: SeriesSpec[] = [
  { key: 'active_defrag_key_hits_per_sec', label: 'key hits/s', color: '#10b981' },
  { key: 'active_defrag_key_misses_per_sec', label: 'key misses/s', color: '#ef4444' },
];
const EFFORT: SeriesSpec[] = [{ key: 'active_defrag_running', label: 'effort (active_defrag_running, % CPU)', color: '#8b5cf6' }];
const RTT: SeriesSpec[] = [{ key: 'poll_rtt_ms', label: 'poll round trip (ms)', color: '#0ea5e9' }];

const perSecond = (v: number) => `${v >= 1000 ? `${(v / 1000).toFixed(1)}k` : v.toFixed(0)}/s`;

export interface DefragChartsProps {
  history: HistoryResponse;
  version: number;
  runs: { start: number; end: number | null }[];
  /** `active-defrag-threshold-lower` (percent), drawn on the ratio chart as 1 + lower/100. */
  thresholdLower: number | null;
}

/** The progress charts on one time axis with one hover cursor. */
export function DefragCharts({ history, version, runs, thresholdLower }: DefragChartsProps) {
  const common = { history, version, runs };
  const threshold = thresholdLower === null ? [] : [{ y: 1 + thresholdLower / 100, label: `threshold-lower ${thresholdLower}%` }];
  return (
    <div className="grid gap-3 xl:grid-cols-2" data-testid="defrag-charts">
      <TimeSeriesChart {...common} title="Fragmentation ratios" testId="chart-ratios" series={RATIOS} format={formatRatio} referenceLines={threshold} />
      <TimeSeriesChart {...common} title="Memory: used vs RSS" testId="chart-memory" series={MEMORY} format={(v) => formatBytes(v)} />
      <TimeSeriesChart {...common} title="Defrag hits and misses" testId="chart-defrag-rates" series={DEFRAG_RATES} format={perSecond} />
      <TimeSeriesChart {...common} title="Keys defragged" testId="chart-key-rates" series={KEY_RATES} format={perSecond} />
      <TimeSeriesChart {...common} title="Defrag effort" testId="chart-effort" series={EFFORT} format={(v) => `${v.toFixed(0)}%`} />
      <TimeSeriesChart {...common} title="Latency seen by the dashboard" testId="chart-latency" series={RTT} format={(v) => `${v.toFixed(1)} ms`} />
    </div>
  );
}
