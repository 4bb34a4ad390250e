import { RANGE_PRESETS, type RangePresetId } from '@/lib/range-presets';

/**
 * The charts' time range, as the console's URL carries it, so a view an operator is looking at can
 * be bookmarked and shared: `&range=1h` for a preset ending now, `&from=<ms or ISO>&to=<ms or ISO>`
 * for a fixed window (the absolute picker, a drag-to-zoom). The default (5 min, live) adds nothing,
 * so `/?target=<id>` stays the plain overview. Pure, so it is tested beside this file.
 */
export type ChartRange = { kind: 'preset'; preset: RangePresetId } | { kind: 'absolute'; from: number; to: number };

export const DEFAULT_RANGE: ChartRange = { kind: 'preset', preset: '5m' };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** The history keeps 24 h at 1 s and 7 days in 1 min buckets: nothing older can be shown. */
export const HISTORY_RETENTION_MS = 7 * DAY;
/**
 * With FRAGSCOPE_PROMETHEUS_URL a range may reach back as far as Prometheus keeps (its own
 * --storage.tsdb.retention, 15 days by default; often a year): a year is accepted, and where
 * Prometheus holds nothing the charts show the gap.
 */
export const LONG_RANGE_RETENTION_MS = 366 * DAY;
/** Below this a zoom shows a handful of 1 s samples at best; a shorter drag is taken for a click. */
export const MIN_RANGE_MS = 10_000;
/** A range may end a little after now (clocks differ, and a bookmark of "until now" is taken late). */
const FUTURE_SLACK_MS = MINUTE;

/** The query parameters this module owns; every other one (target, view) is left as it is. */
export const RANGE_PARAMS = ['range', 'from', 'to'] as const;

/** An epoch-ms integer, or an ISO-8601 date-time (with `Z` or an offset; without one it is the viewer's local time). */
export function parseInstant(value: string): number | null {
  const text = value.trim();
  if (/^\d{1,16}$/.test(text)) return Number(text);
  // Date.parse alone also reads "Dec 2" or "1": only ISO's shape is accepted, then the engine reads it.
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return null;
  const ms = Date.parse(text.length === 10 ? `${text}T00:00` : text);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Why [from, to] cannot be shown, or null if it can. `oldest` is the first moment the history holds
 * (defaults to the retention); the message says what would be accepted.
 */
export function rangeProblem(from: number, to: number, now: number, oldest = now - HISTORY_RETENTION_MS): string | null {
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 'Both “from” and “to” are needed.';
  if (from >= to) return '“From” must be before “to”.';
  if (to - from < MIN_RANGE_MS) return `The range must be at least ${MIN_RANGE_MS / 1000} s long.`;
  if (to > now + FUTURE_SLACK_MS) return '“To” is in the future: the history ends now.';
  if (from < oldest) return `The history starts at ${new Date(oldest).toLocaleString()}: pick a later “from”.`;
  return null;
}

export interface ParsedRange {
  range: ChartRange;
  /** Set when the URL asked for a range that cannot be shown: said on the page, and the default is used. */
  notice: string | null;
}

interface Params {
  get(name: string): string | null;
}

/**
 * The range in a URL's query. Anything unreadable falls back to the default with a notice, never
 * throws. `oldest`: the first moment that can be shown (7 days back, a year with Prometheus).
 */
export function parseChartRange(params: Params, now: number, oldest = now - HISTORY_RETENTION_MS): ParsedRange {
  const from = params.get('from');
  const to = params.get('to');
  const preset = params.get('range');
  if (from !== null || to !== null) {
    const start = from === null ? null : parseInstant(from);
    const end = to === null ? null : parseInstant(to);
    if (start === null || end === null) {
      return fallback(`The link's time range (from=${from ?? ''}, to=${to ?? ''}) is not a time: use epoch ms or ISO 8601.`);
    }
    const problem = rangeProblem(start, end, now, oldest);
    return problem ? fallback(`The link's time range cannot be shown: ${problem}`) : { range: { kind: 'absolute', from: start, to: end }, notice: null };
  }
  if (preset === null) return { range: DEFAULT_RANGE, notice: null };
  const known = RANGE_PRESETS.find((p) => p.id === preset);
  if (known) return { range: { kind: 'preset', preset: known.id }, notice: null };
  return fallback(`The link's range “${preset}” is not one of ${RANGE_PRESETS.map((p) => p.id).join(', ')}.`);
}

function fallback(notice: string): ParsedRange {
  return { range: DEFAULT_RANGE, notice: `${notice} Showing the last 5 minutes instead.` };
}

/** `search` (a query string, with or without `?`) with its range replaced by `range`; other parameters keep their order. */
export function withChartRange(search: string, range: ChartRange): string {
  const params = new URLSearchParams(search);
  for (const name of RANGE_PARAMS) params.delete(name);
  if (range.kind === 'absolute') {
    params.set('from', String(Math.round(range.from)));
    params.set('to', String(Math.round(range.to)));
  } else if (range.preset !== '5m') {
    params.set('range', range.preset);
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The same range, for comparing a parsed URL with the one shown (objects differ on every parse). */
export function sameRange(a: ChartRange, b: ChartRange): boolean {
  if (a.kind === 'preset') return b.kind === 'preset' && a.preset === b.preset;
  return b.kind === 'absolute' && a.from === b.from && a.to === b.to;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `<input type="datetime-local">`'s value for an instant: the viewer's wall-clock time, to the second. */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** The instant a `datetime-local` value names in the viewer's zone (ECMAScript reads an offset-less date-time as local); null if empty or unreadable. */
export function fromLocalInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : null;
}
