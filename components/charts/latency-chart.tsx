'use client';

import { useMemo } from 'react';
import { latencyUrl } from '@/lib/client/history-requests';
import { useResource } from '@/lib/client/use-resource';
import { latencyResponseSchema, type LatencyResponse } from '@/lib/latency/api-schema';
import { formatUsec } from '@/lib/latency/latency-cost';
import { TimeSeriesChart, type SeriesSpec } from './time-series-chart';
import { useStaggered } from './use-staggered';

const COLORS = ['#0ea5e9', '#10b981', '#f97316', '#ef4444', '#a78bfa', '#eab308'];
const REFRESH_MS = 5000;
const POINTS = 300;
/**
 * The live 5 min view slides the axis every second. This chart's redraw then comes after the six
 * progress charts' (staggered 0-250 ms, defrag-charts.tsx), in its own task, not in the sample's.
 */
const SLIDE_DELAY_MS = 300;
/** A small step forward of the same span is the live axis sliding; anything else is a new range, drawn at once. */
const isSlide = (a: { from: number; to: number }, b: { from: number; to: number }) =>
  b.to > a.to && b.to - a.to <= 5_000 && Math.abs(b.to - b.from - (a.to - a.from)) <= 5_000;
// Declared once: a new function each render would redraw the memoised chart.
const usecLabel = (v: number) => formatUsec(v);

const NOT_SHOWN: Record<Exclude<LatencyResponse['status'], 'ok'>, string> = {
  waiting: 'Waiting for two LATENCY HISTOGRAM readings (a window needs two).',
  unsupported: 'Per-command latency needs Redis 7.0+ or Valkey.',
  forbidden: 'LATENCY HISTOGRAM is refused here.',
  disabled: 'latency-tracking is off on this server.',
  unavailable: 'LATENCY HISTOGRAM could not be read.',
};

function seriesOf(commands: readonly string[], eventLoop: boolean): SeriesSpec[] {
  return [
    ...commands.map((c, i) => ({ key: `${c}_p99_usec`, label: `${c.toUpperCase()} p99`, color: COLORS[i % COLORS.length]! })),
    { key: 'all_p99_usec', label: 'all p99', color: '#71717a', dashed: true },
    // Redis >= 7.2 / Valkey: what a request waits for while defrag (or anything else) holds the loop.
    ...(eventLoop ? [{ key: 'eventloop_cycle_usec', label: 'event-loop cycle (mean)', color: '#be185d', dashed: true }] : []),
  ];
}

/**
 * Server-side p99 per busy command (LATENCY HISTOGRAM deltas) and, where the server counts it, the
 * mean event-loop cycle (the wait behind a defrag slice, which no command's p99 includes), on the same time axis as the
 * defrag effort chart: `from`/`to` are the history's, so the runs' bands line up.
 */
export interface LatencyChartProps {
  targetId: string;
  from: number;
  to: number;
  runs: { start: number; end: number | null }[];
}

export function LatencyChart({ targetId, from, to, runs }: LatencyChartProps) {
  const { data } = useResource(() => latencyUrl(targetId, from, to, POINTS), latencyResponseSchema, {
    key: `${targetId}:${Math.round((to - from) / 60_000)}`,
    pollMs: REFRESH_MS,
  });
  const commands = data?.commands.join(',') ?? '';
  // Stable specs for the memoised chart: only a new command selection makes new ones.
  const eventLoop = data?.series.eventloop_cycle_usec?.some((v) => v !== null) ?? false;
  const series = useMemo(() => seriesOf(commands ? commands.split(',') : [], eventLoop), [commands, eventLoop]);
  const range = useMemo(() => ({ from, to }), [from, to]);
  const axis = useStaggered(range, SLIDE_DELAY_MS, isSlide);
  const history = useMemo(() => (data ? { from: axis.from, to: axis.to, t: data.t, series: data.series } : null), [data, axis]);
  if (!data || !history) return <p className="text-sm text-zinc-500">Loading server latency…</p>;
  const note = data.status === 'ok' ? null : `${NOT_SHOWN[data.status]}${data.reason ? ` ${data.reason}` : ''}`;
  return (
    <div className="grid gap-1" data-testid="latency-chart" data-status={data.status}>
      <TimeSeriesChart
        title={eventLoop ? 'Server latency: p99 per command, event-loop cycle' : 'Server latency p99 per command (LATENCY HISTOGRAM)'}
        testId="chart-server-latency"
        history={history}
        version={0}
        series={series}
        format={usecLabel}
        runs={runs}
      />
      <p className="text-xs text-zinc-500" data-testid="latency-resolution">
        {note ?? `Windows of ${data.intervalMs / 1000} s; ${data.resolution}.`}
      </p>
    </div>
  );
}
