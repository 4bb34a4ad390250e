import { defaultMaxGapMs, stepRate } from '@/lib/history/rates';
import { COUNTER_SERIES, STORED_SERIES } from '@/lib/history/series';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { LIVE_SPAN_MS } from '@/lib/range-presets';
import type { Snapshot } from '@/lib/snapshot';

/** Older points are dropped in batches of this many, not one shift per sample. */
const TRIM_SLACK = 60;

const readers = new Map(STORED_SERIES.map((s) => [s.name as string, s.read]));

/**
 * Appends one sample to live history columns in place (so a chart re-renders by `version`, and
 * nothing copies the whole history), with rates by the same rule the server uses (rates.ts).
 */
export function appendSample(history: HistoryResponse, snapshot: Snapshot, previous: Snapshot | null, intervalMs: number): void {
  const last = history.t.at(-1);
  if (last !== undefined && snapshot.at <= last) return;
  history.t.push(snapshot.at);
  history.to = snapshot.at;
  for (const spec of STORED_SERIES) column(history, spec.name).push(snapshot.ok ? spec.read(snapshot) : null);
  const restarted = previous !== null && previous.server.runId !== null && snapshot.server.runId !== null && previous.server.runId !== snapshot.server.runId;
  for (const counter of COUNTER_SERIES) {
    const read = readers.get(counter)!;
    const rate =
      previous && previous.ok && snapshot.ok
        ? stepRate(previous.at, read(previous), snapshot.at, read(snapshot), restarted, defaultMaxGapMs(intervalMs))
        : null;
    column(history, `${counter}_per_sec`).push(rate === null ? null : Math.round(rate * 1000) / 1000);
  }
  trim(history, snapshot.at - LIVE_SPAN_MS);
}

function column(history: HistoryResponse, name: string): (number | null)[] {
  let values = history.series[name];
  if (!values) {
    values = new Array<number | null>(history.t.length - 1).fill(null);
    history.series[name] = values;
  }
  return values;
}

function trim(history: HistoryResponse, from: number): void {
  let drop = 0;
  while (drop < history.t.length && history.t[drop]! < from) drop++;
  history.from = Math.max(history.from, from);
  if (drop < TRIM_SLACK) return;
  history.t.splice(0, drop);
  for (const values of Object.values(history.series)) values.splice(0, drop);
}
