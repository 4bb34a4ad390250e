/** Display formatters shared by panels. Null-safe: unknown figures show as an em dash. */

const DASH = '—';

/** Bytes in binary units, as redis-cli's `*_human` fields do (1 MB = 1024 * 1024 B). */
export function formatBytes(bytes: number | null | undefined, digits = 1): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return DASH;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${unit === 0 ? value.toFixed(0) : value.toFixed(digits)} ${units[unit]}`;
}

/** Ratios exactly as INFO prints them (`%.2f`), so the screen matches redis-cli. */
export function formatRatio(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return DASH;
  return ratio.toFixed(2);
}

/** Allocator fragmentation as the percent that defrag's thresholds use: (ratio - 1) * 100. */
export function fragPercent(ratio: number | null | undefined): number | null {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return null;
  return Math.round((ratio - 1) * 10000) / 100;
}

export function formatPercent(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return `${value.toFixed(digits)}%`;
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
