/** Display formatters shared by panels. Null-safe: unknown figures show as an em dash. */

const DASH = '—';

/** Binary units, named as such: Redis's own `*_human` fields divide by 1024 too ("72.32M"). */
const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Bytes in binary units, like redis-cli's `*_human` fields: 104857600 -> "100 MiB", 75830720 -> "72.3 MiB". */
export function formatBytes(bytes: number | null | undefined, empty = DASH): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return empty;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : trimZero(value.toFixed(1));
  return `${sign}${shown} ${BYTE_UNITS[unit]}`;
}

/** Ratios exactly as INFO prints them (`%.2f`), so the screen matches redis-cli. */
export function formatRatio(ratio: number | null | undefined, empty = DASH): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return empty;
  return ratio.toFixed(2);
}

/** 39.9 -> "39.9%", 173 -> "173%". */
export function formatPercent(value: number | null | undefined, empty = DASH): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return empty;
  return `${trimZero(value.toFixed(1))}%`;
}

/** "12 s", "3 min 5 s", "2 h 4 min": for outage and run durations. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return DASH;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "1 target", "3 targets": a count with its noun, never "1 targets". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? noun : nouns}`;
}

/** Sentences joined into one line without ".;" (each one's final period goes). */
export function joinClauses(parts: readonly string[], separator = '; '): string {
  return parts.map((p) => p.trim().replace(/\.$/, '')).join(separator);
}

function trimZero(text: string): string {
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** "14:02:05" for today, "3 Jun 2025, 14:02:05" for another day (the viewer's time zone and locale). */
export function formatMomentTime(at: number, now = Date.now()): string {
  const date = new Date(at);
  const sameDay = new Date(now).toDateString() === date.toDateString();
  const time = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return sameDay ? time : `${date.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}

/** The viewer's time zone, which every time on the page is shown in (e.g. "Europe/Berlin"). */
export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
