'use client';

import { useDeferredValue, useMemo } from 'react';
import { formatBytes, formatRatio } from '@/lib/format';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { DEFRAG_RATES, EFFORT, KEY_RATES, MEMORY, RATIOS, RTT } from './chart-series';
import { fitToWidth } from './chart-points';
import { TimeSeriesChart, type TimeSeriesChartProps } from './time-series-chart';
import { useStaggered } from './use-staggered';
import { usePlotRows } from './use-plot-rows';

/** "1.35M/s", "1.5k/s", "240/s", "0.5/s": small rates keep a decimal, so an axis never reads "0/s, 0/s, 1/s"; no "1800k/s". */
export const perSecond = (v: number) =>
  `${v >= 1e6 ? `${trim(trim((v / 1e6).toFixed(2)))}M` : v >= 1000 ? `${trim((v / 1000).toFixed(1))}k` : v >= 10 || v === 0 ? v.toFixed(0) : trim(v.toFixed(1))}/s`;
/** "1.0" -> "1", "1.50" -> "1.5" (called twice for two decimals). */
const trim = (text: string) => (text.includes('.') && text.endsWith('0') ? text.slice(0, -1).replace(/\.$/, '') : text);
/** "0.4 ms", "140 ms", "2.8 s": never "2800.0 ms", and short enough not to wrap on the axis. */
// The cut-offs are where rounding would print the next unit's width (9.96 -> "10.0 ms", 999.7 -> "1000 ms").
export const latencyLabel = (ms: number) => (ms >= 999.5 ? `${(ms / 1000).toFixed(1)} s` : ms >= 9.95 ? `${ms.toFixed(0)} ms` : `${ms.toFixed(1)} ms`);
// Declared once, outside render: the charts are memoised, and a new function each render would redraw them all.
const bytesLabel = (v: number) => formatBytes(v);
const percentLabel = (v: number) => `${v.toFixed(0)}%`;

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

/** Live updates reach the charts this far apart, one chart per task (use-staggered.ts). */
const STAGGER_MS = 50;
/**
 * While following live (version counting up), any change is staggered: a sample, and also new bands
 * or markers (a run starting, the minute the markers are rebuilt for), which would otherwise redraw
 * all six charts in one task. A new range or a fixed one (version 0) is drawn at once.
 */
const isLiveUpdate = (a: { version: number }, b: { version: number }) => a.version > 0 && b.version >= a.version;

/** One chart whose live updates arrive `slot` × STAGGER_MS after the sample. */
function StaggeredChart({ slot, ...props }: TimeSeriesChartProps & { slot: number }) {
  const { history, version, runs, markers } = props;
  const data = useMemo(() => ({ history, version, runs, markers }), [history, version, runs, markers]);
  const shown = useStaggered(data, slot * STAGGER_MS, isLiveUpdate);
  return <TimeSeriesChart {...props} history={shown.history} version={shown.version} runs={shown.runs} markers={shown.markers} />;
}

/** The progress charts on one time axis with one hover cursor. */
export function DefragCharts({ history, version, runs, thresholdLower, markers, onZoom }: DefragChartsProps) {
  // A 1 Hz sample redraws six charts. Deferred, that redraw is a low-priority render React splits
  // between frames (no long task), after the status strip and the gauge already show the sample.
  // History and version go together, so a new range is drawn once, not once per value.
  const current = useMemo(() => ({ history, version }), [history, version]);
  const shown = useDeferredValue(current);
  // About one row per pixel of plot: a 24 h range comes with more rows than a chart has pixels.
  const [gridRef, plotRows] = usePlotRows<HTMLDivElement>();
  const fitted = useMemo(() => (plotRows === null ? shown.history : fitToWidth(shown.history, plotRows)), [shown, plotRows]);
  // The caller builds `runs` afresh on each render; kept while the bands are the same, so a new sample
  // redraws the charts once (deferred), not also at once because a prop looked new.
  const runsKey = runs.map((r) => `${r.start}:${r.end}`).join(',');
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableRuns = useMemo(() => runs, [runsKey]);
  const common = { history: fitted, version: shown.version, runs: stableRuns, markers, onZoom };
  const threshold = useMemo(
    () => (thresholdLower === null ? [] : [{ y: 1 + thresholdLower / 100, label: `threshold-lower ${thresholdLower}%` }]),
    [thresholdLower],
  );
  return (
    // data-from/-to: the range the charts have drawn (the bench waits for it).
    <div ref={gridRef} className="grid gap-3 xl:grid-cols-2" data-testid="defrag-charts" data-from={shown.history.from} data-to={shown.history.to}>
      <StaggeredChart slot={0} {...common} title="Fragmentation ratios" testId="chart-ratios" series={RATIOS} format={formatRatio} referenceLines={threshold} />
      <StaggeredChart slot={1} {...common} title="Memory: used vs RSS" testId="chart-memory" series={MEMORY} format={bytesLabel} />
      <StaggeredChart slot={2} {...common} title="Defrag hits and misses" testId="chart-defrag-rates" series={DEFRAG_RATES} format={perSecond} />
      <StaggeredChart slot={3} {...common} title="Keys defragged" testId="chart-key-rates" series={KEY_RATES} format={perSecond} />
      <StaggeredChart slot={4} {...common} title="Defrag effort" testId="chart-effort" series={EFFORT} format={percentLabel} />
      <StaggeredChart slot={5} {...common} title="Latency seen by the dashboard" testId="chart-latency" series={RTT} format={latencyLabel} />
    </div>
  );
}
