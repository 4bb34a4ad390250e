'use client';

import { memo, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { timeTickFormatter, timeTicks } from './time-ticks';
import { timeAtX, zoomSelection } from './zoom-range';

export interface SeriesSpec {
  key: string;
  label: string;
  /** A CSS colour; chosen to stay readable on light and dark backgrounds. */
  color: string;
  dashed?: boolean;
}

export interface TimeSeriesChartProps {
  title: string;
  testId: string;
  history: HistoryResponse;
  /** Bumped when `history` was appended to in place, so memoised data refreshes. */
  version: number;
  series: SeriesSpec[];
  format: (value: number) => string;
  /** Defrag runs, drawn as shaded bands on the shared time axis. */
  runs?: { start: number; end: number | null }[];
  referenceLines?: { y: number; label: string }[];
  /** Moments marked as labelled vertical lines on the time axis (a comparison's "before" and "after"). */
  markers?: Array<{ at: number; label: string }>;
  height?: number;
  /** Drag across the chart to zoom: called with the span dragged over (all charts share the range). Keep it stable. */
  onZoom?: (range: { from: number; to: number }) => void;
}

/**
 * Which side of its line a marker's label goes: the first left and the others right, so two close
 * moments never overprint, except near an edge of the axis, where the label would be cut off.
 */
function markerLabelSide(at: number, index: number, count: number, axis: { from: number; to: number }): 'insideTopLeft' | 'insideTopRight' {
  const share = axis.to > axis.from ? (at - axis.from) / (axis.to - axis.from) : 0.5;
  if (share < 0.15) return 'insideTopLeft';
  if (share > 0.85) return 'insideTopRight';
  return index === 0 && count > 1 ? 'insideTopRight' : 'insideTopLeft';
}

/**
 * One chart on the dashboard's shared time axis (`syncId` shares the hover cursor). A pure
 * function of its props; gaps (null) are drawn as gaps, never bridged.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { history, version, series, format, runs = [], referenceLines = [], markers = [], title, testId, height = 180, onZoom } = props;
  // The span being dragged over, drawn as a shaded area until the button is let go.
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  // The pointer is read on our own wrapper, not through recharts' chart events: the chart's props
  // stay what they were, and the time comes from the pointer's place on the grid, not the nearest sample.
  const timeAt = (event: React.PointerEvent): number | null => {
    const grid = plotRef.current?.querySelector('.recharts-cartesian-grid');
    const box = grid?.getBoundingClientRect();
    return box ? timeAtX(event.clientX, { left: box.left, width: box.width }, [history.from, history.to]) : null;
  };
  // Pointer events: a mouse drag, a finger on a phone (the plot takes horizontal moves, `touch-action:
  // pan-y` leaves vertical ones to the page's scroll) and a pen zoom alike.
  const zoomHandlers = onZoom
    ? {
        onPointerDown: (event: React.PointerEvent) => {
          if (event.pointerType === 'mouse' && event.button !== 0) return;
          const at = timeAt(event);
          setDrag(at === null ? null : { start: at, end: at });
        },
        onPointerMove: (event: React.PointerEvent) => {
          if (drag === null) return;
          const at = timeAt(event);
          if (at !== null && at !== drag.end) setDrag({ ...drag, end: at });
        },
        onPointerUp: () => {
          if (drag === null) return;
          const selection = zoomSelection(drag.start, drag.end, [history.from, history.to]);
          setDrag(null);
          if (selection) onZoom(selection);
        },
        // Let go outside the chart, or the browser took the gesture for a scroll: no zoom, as
        // Grafana does not zoom on a drag that left the panel.
        onPointerLeave: () => {
          if (drag !== null) setDrag(null);
        },
        onPointerCancel: () => setDrag(null),
      }
    : {};
  const data = useMemo(
    () =>
      history.t.map((t, i) => {
        const row: Record<string, number | null> = { t };
        for (const s of series) row[s.key] = history.series[s.key]?.[i] ?? null;
        return row;
      }),
    // `version` stands for in-place appends to the same arrays, which the linter cannot see.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [history, version, series],
  );
  const ticks = useMemo(() => timeTicks(history.from, history.to), [history.from, history.to]);
  const timeLabel = useMemo(() => timeTickFormatter(history.from, history.to), [history.from, history.to]);
  const summary = useMemo(() => summarize(data, series, format), [data, series, format]);
  return (
    <figure
      className="min-w-0 rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
      data-testid={testId}
      data-points={data.length}
      data-from={history.from}
      data-to={history.to}
    >
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-300">{title}</figcaption>
      {/* The drawing is for eyes; screen readers get the same figures as text, and no unnamed tab stop. */}
      <p className="sr-only" data-testid={`${testId}-summary`}>
        {summary}
      </p>
      <div
        aria-hidden="true"
        ref={plotRef}
        className={onZoom ? 'cursor-crosshair touch-pan-y select-none' : undefined}
        data-zooming={drag !== null && drag.start !== drag.end}
        {...zoomHandlers}
      >
        <ResponsiveContainer width="100%" height={height}>
          <LineChart data={data} syncId="fragscope" accessibilityLayer={false} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[history.from, history.to]}
              ticks={ticks}
              tickFormatter={timeLabel}
              fontSize={11}
              stroke="currentColor"
              strokeOpacity={0.5}
            />
            <YAxis tickFormatter={format} width={72} fontSize={11} stroke="currentColor" strokeOpacity={0.5} />
            <Tooltip
              labelFormatter={(t) => new Date(Number(t)).toLocaleString()}
              formatter={(value, name) => [typeof value === 'number' ? format(value) : '—', name]}
              contentStyle={{ background: 'var(--tooltip-bg)', border: '1px solid var(--tooltip-border)', fontSize: 12 }}
            />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {runs.map((run) => (
              <ReferenceArea key={run.start} x1={run.start} x2={run.end ?? history.to} fill="#8b5cf6" fillOpacity={0.08} ifOverflow="hidden" />
            ))}
            {referenceLines.map((line) => (
              <ReferenceLine
                key={line.label}
                y={line.y}
                stroke="#a1a1aa"
                strokeDasharray="4 4"
                label={{ value: line.label, fontSize: 11, fill: '#a1a1aa', position: 'insideTopRight' }}
              />
            ))}
            {markers.map((marker, i) => (
              <ReferenceLine
                key={`${marker.label}-${marker.at}`}
                x={marker.at}
                stroke="#71717a"
                strokeWidth={1.5}
                label={{ value: marker.label, fontSize: 11, fill: '#71717a', position: markerLabelSide(marker.at, i, markers.length, history) }}
              />
            ))}
            {drag !== null && drag.start !== drag.end ? (
              <ReferenceArea
                x1={Math.min(drag.start, drag.end)}
                x2={Math.max(drag.start, drag.end)}
                fill="#0ea5e9"
                fillOpacity={0.18}
                stroke="#0284c7"
                strokeOpacity={0.6}
                ifOverflow="hidden"
              />
            ) : null}
            {series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={false}
                isAnimationActive={false}
                connectNulls={false}
                strokeWidth={1.6}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

/**
 * "RSS ratio: latest 2.81, lowest 2.80, highest 2.85; …" over the points shown ("latest", not
 * "now": a zoomed or absolute range ends in the past). Exported for its test.
 */
export function summarize(data: Record<string, number | null>[], series: SeriesSpec[], format: (value: number) => string): string {
  if (data.length === 0) return 'No samples in this range.';
  return series
    .map((s) => {
      let min = Infinity;
      let max = -Infinity;
      let last: number | null = null;
      for (const row of data) {
        const v = row[s.key];
        if (typeof v !== 'number') continue;
        if (v < min) min = v;
        if (v > max) max = v;
        last = v;
      }
      return last === null ? `${s.label}: no data` : `${s.label}: latest ${format(last)}, lowest ${format(min)}, highest ${format(max)}`;
    })
    .join('; ');
}
