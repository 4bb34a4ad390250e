import type { HistoryResponse } from '@/lib/history/api-schema';

/** The history API answers at most 8 days; a minute less keeps rounding off the boundary. */
export const MAX_CHART_SPAN_MS = 8 * 24 * 3_600_000 - 60_000;
/** Shown around the two moments, so each line has context on both sides. */
export const MIN_PAD_MS = 60_000;
export const PAD_SHARE = 0.1;

/**
 * The range the comparison's charts ask for: a bit before the earlier moment to a bit after the
 * later one, never past `now`, and at most the API's 8 days (keeping the later end: that is the
 * outcome; an older "before" then falls outside and the page says so).
 */
export function comparisonSpan(beforeAt: number, afterAt: number, now: number): { from: number; to: number } {
  const lo = Math.min(beforeAt, afterAt);
  const hi = Math.max(beforeAt, afterAt);
  const pad = Math.max(MIN_PAD_MS, (hi - lo) * PAD_SHARE);
  const to = Math.max(hi, Math.min(hi + pad, now));
  const from = Math.max(lo - pad, to - MAX_CHART_SPAN_MS);
  return { from: Math.floor(from), to: Math.ceil(to) };
}

/**
 * The axis clipped to what the history holds: a span asked for before the dashboard started (or
 * older than the kept history) would otherwise show as a long empty stretch. Null when it holds nothing.
 */
export function clipToData(history: HistoryResponse): HistoryResponse | null {
  const first = history.t[0];
  const last = history.t.at(-1);
  if (first === undefined || last === undefined) return null;
  const from = Math.max(history.from, first);
  const to = Math.min(history.to, last);
  // A single sample: keep the asked-for range rather than a zero-width axis.
  return from < to ? { ...history, from, to } : history;
}

/** The markers that fall outside the drawn axis (their lines cannot be drawn). */
export function markersOutside(markers: readonly { at: number; label: string }[], axis: { from: number; to: number }): string[] {
  return markers.filter((m) => m.at < axis.from || m.at > axis.to).map((m) => m.label);
}
