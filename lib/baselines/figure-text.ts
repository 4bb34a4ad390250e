import { formatBytes, formatDuration, formatPercent, formatRatio } from '../format';
import type { FigureKind } from './moment';

/**
 * Text for one figure of a comparison, by kind, shared by the verdict sentences and the Markdown
 * export so both print a figure the same way. Built on lib/format so the numbers match the panels.
 */

const DASH = '—';

/** 1500000 -> "1,500,000". Grouped by hand, not toLocaleString: the same text on every machine and locale. */
export function formatCount(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  const sign = value < 0 ? '-' : '';
  const [whole = '0', fraction] = Math.abs(value).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** Milliseconds: formatDuration floors to whole seconds, which would print a short run as "0 s". */
function formatMs(value: number): string {
  return Math.abs(value) < 1000 ? `${formatCount(value)} ms` : `${value < 0 ? '-' : ''}${formatDuration(Math.abs(value))}`;
}

export function formatFigure(kind: FigureKind, value: number | null): string {
  if (value === null || !Number.isFinite(value)) return DASH;
  switch (kind) {
    case 'bytes':
      return formatBytes(value);
    case 'ratio':
      return formatRatio(value);
    case 'count':
      return formatCount(value);
    case 'ms':
      return formatMs(value);
  }
}

/** A change, always signed ("+1,500,000", "-60 MiB", "+0.02") so the direction reads at a glance. */
export function formatChange(kind: FigureKind, delta: number | null): string {
  if (delta === null || !Number.isFinite(delta)) return DASH;
  const text = formatFigure(kind, delta);
  return delta > 0 ? `+${text}` : text;
}

/**
 * A percent magnitude (no sign): 31.25 -> "31.3%". Below the printed precision it keeps one
 * significant digit (0.04 -> "0.04%") rather than "0%", which would claim no change at all, or
 * "<0.1%", which reads badly behind a sign ("-<0.1%"); under 0.001 % it is "≈0%".
 */
export function formatPercentMagnitude(percent: number): string {
  const magnitude = Math.abs(percent);
  if (magnitude > 0 && magnitude < 0.001) return '≈0%';
  if (magnitude > 0 && magnitude < 0.05) return `${Number(magnitude.toPrecision(1))}%`;
  return formatPercent(magnitude);
}

/** A relative change (fraction) as a signed percent: -0.3125 -> "-31.3%". */
export function formatRelative(relative: number | null): string {
  if (relative === null || !Number.isFinite(relative)) return DASH;
  const text = formatPercentMagnitude(relative * 100);
  if (text === '≈0%') return text;
  if (relative > 0) return `+${text}`;
  if (relative < 0) return `-${text}`;
  return text;
}
