'use client';

import { memo, useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryResponse } from '@/lib/history-schema';

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
  height?: number;
}

const timeLabel = (t: number) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * One chart on the dashboard's shared time axis (`syncId` shares the hover cursor). A pure
 * function of its props; gaps (null) are drawn as gaps, never bridged.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { history, version, series, format, runs = [], referenceLines = [], title, testId, height = 180 } = props;
  const data = useMemo(
    () =>
      history.t.map((t, i) => {
        const row: Record<string, number | null> = { t };
        for (const s of series) row[s.key] = history.series[s.key]?.[i] ?? null;
        return row;
      }),
    // `version` stands for in-place appends to the same arrays.
    [history, version, series],
  );
  const ticks = useMemo(() => Array.from({ length: 5 }, (_, i) => history.from + ((history.to - history.from) * i) / 4), [history.from, history.to]);
  return (
    <figure className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800" data-testid={testId} data-points={data.length}>
      <figcaption className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={data} syncId="fragscope" margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.12} />
          <XAxis dataKey="t" type="number" scale="time" domain={[history.from, history.to]} ticks={ticks} tickFormatter={timeLabel} fontSize={11} stroke="currentColor" strokeOpacity={0.5} />
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
            <ReferenceLine key={line.label} y={line.y} stroke="#a1a1aa" strokeDasharray="4 4" label={{ value: line.label, fontSize: 11, fill: '#a1a1aa', position: 'insideTopRight' }} />
          ))}
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
    </figure>
  );
});
