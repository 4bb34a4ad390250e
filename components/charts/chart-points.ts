import type { HistoryResponse } from '@/lib/history/api-schema';

/** Fewer rows than this are never worth reducing to (and keep a very narrow chart readable). */
export const MIN_ROWS = 60;

/**
 * At most `maxRows` rows of `history`, for a chart about that many pixels wide: recharts' cost grows
 * with the points it is given, and a line cannot show more than about one point per pixel.
 * Rows are cut into floor(maxRows / 2) runs of consecutive rows; each run gives two rows (at its first
 * and its middle time) holding each series' minimum and maximum in the order they occurred, so every
 * spike and every dip survives, as in the server's own downsampling (lib/history/downsample.ts).
 * A run with no value at all (a gap) gives null twice, and the line breaks there.
 * History that already fits is returned as it is (the same object: in-place live appends still show).
 */
export function fitToWidth(history: HistoryResponse, maxRows: number): HistoryResponse {
  const rows = history.t.length;
  const budget = Math.max(MIN_ROWS, Math.floor(maxRows));
  if (rows <= budget) return history;
  const runs = Math.floor(budget / 2);
  // rows > 2 * runs, so every run has at least two rows.
  const first = (run: number) => Math.floor((run * rows) / runs);
  const t: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = first(run);
    t.push(history.t[start]!, history.t[start + Math.floor((first(run + 1) - start) / 2)]!);
  }
  const series: Record<string, (number | null)[]> = {};
  for (const [key, values] of Object.entries(history.series)) series[key] = minMaxRuns(values, runs, first);
  return { from: history.from, to: history.to, t, series };
}

function minMaxRuns(values: readonly (number | null)[], runs: number, first: (run: number) => number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let run = 0; run < runs; run++) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    let minAt = -1;
    let maxAt = -1;
    for (let i = first(run), end = first(run + 1); i < end; i++) {
      const v = values[i];
      if (typeof v !== 'number') continue;
      if (v < min) [min, minAt] = [v, i];
      if (v > max) [max, maxAt] = [v, i];
    }
    if (minAt < 0) out.push(null, null);
    else if (maxAt < minAt) out.push(max, min);
    else out.push(min, max);
  }
  return out;
}
