import 'server-only';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { CHANNEL_DECIMALS, roundTo, SERIES_NAMES, type SeriesName } from '@/lib/history/series';
import type { PrometheusClient } from './prometheus-client';
import { BUCKETED_STEP_MS, promQuery } from './series-queries';

/** Prometheus's own floor on a step, and ours: never finer than a second. */
const MIN_STEP_MS = 1000;

export interface LongRangeQuery {
  targetId: string;
  from: number;
  to: number;
  points: number;
  series?: readonly SeriesName[];
}

/**
 * A history range read from Prometheus, in the same columns as the in-memory history (`t` and
 * one array per series, null for a gap), so the same chart code draws it. One point per step,
 * the step chosen to give about `points` points.
 */
export async function longRangeHistory(client: PrometheusClient, q: LongRangeQuery): Promise<HistoryResponse> {
  const stepMs = Math.max(MIN_STEP_MS, Math.ceil((q.to - q.from) / Math.max(1, q.points - 1) / 1000) * 1000);
  const first = Math.ceil(q.from / stepMs) * stepMs;
  const t: number[] = [];
  for (let at = first; at <= q.to; at += stepMs) t.push(at);
  const index = new Map(t.map((at, i) => [at, i]));
  const names = q.series ?? SERIES_NAMES;
  const series: HistoryResponse['series'] = {};
  await Promise.all(
    names.map(async (name) => {
      const column: (number | null)[] = new Array<number | null>(t.length).fill(null);
      series[name] = column;
      const query = promQuery(name, q.targetId, stepMs);
      if (!query || t.length === 0) return;
      const decimals = CHANNEL_DECIMALS[SERIES_NAMES.indexOf(name)];
      // Long steps are buckets like the in-memory history's rows: each row starts at t and holds what
      // happened until t + step, so it is evaluated at its end (the newest row then covers now).
      const shift = stepMs >= BUCKETED_STEP_MS ? stepMs : 0;
      for (const result of await client.queryRange(query, first + shift, t.at(-1)! + shift, stepMs)) {
        for (const [seconds, text] of result.values) {
          const i = index.get(Math.round(seconds * 1000) - shift);
          const value = Number(text);
          if (i !== undefined && Number.isFinite(value)) column[i] = roundTo(value, decimals);
        }
      }
    }),
  );
  // Same key order as the in-memory answer.
  const ordered: HistoryResponse['series'] = {};
  for (const name of names) ordered[name] = series[name]!;
  return { from: q.from, to: q.to, t, series: ordered, source: 'prometheus' };
}
