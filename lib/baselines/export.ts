import { formatDuration } from '../format';
import type { Comparison, ComparisonRow, Verdict } from './compare';
import { formatChange, formatFigure, formatRelative } from './figure-text';
import type { Moment } from './moment';

/**
 * A comparison in the three forms operators paste or keep: Markdown for a ticket, CSV for a
 * spreadsheet, JSON for tools. Pure text building; the route sets the headers.
 */

export interface ExportMeta {
  targetName: string;
  /** host:port, for the ticket reader to know which server. */
  address: string;
  engine: string | null;
  version: string | null;
  permalink?: string;
  /** The latency cost of the defrag run between the two moments, in words (latency-text.ts). */
  latency?: string;
}

const STATUS_TEXT: Record<Verdict['status'], string> = {
  success: 'success',
  'no-improvement': 'no improvement',
  worse: 'worse',
  confounded: 'confounded (dataset changed)',
  restarted: 'server restarted',
  'different-target': 'different targets (not compared)',
  reversed: 'reversed (not compared)',
  'insufficient-data': 'insufficient data',
};

/**
 * Text from operators (names, labels) goes into Markdown: a `|` would break the table, a `*` or `_`
 * start emphasis, a newline end the line. Escape the few characters that change meaning.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ').replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`);
}

const iso = (ms: number) => new Date(ms).toISOString();

function markdownRow(row: ComparisonRow): string {
  const cells = [
    `${escapeMarkdown(row.label)} (\`${row.name}\`)`,
    formatFigure(row.kind, row.before),
    formatFigure(row.kind, row.after),
    formatChange(row.kind, row.delta),
    formatRelative(row.relative),
  ];
  return `| ${cells.join(' | ')} |`;
}

export function toMarkdown(comparison: Comparison, before: Moment, after: Moment, meta: ExportMeta): string {
  const { verdict } = comparison;
  const identity = [meta.engine, meta.version].filter((part): part is string => part !== null).join(' ') || 'unknown server';
  const runIds = before.runId === after.runId ? `run_id ${before.runId ?? 'unknown'}` : `run_id ${before.runId ?? 'unknown'} → ${after.runId ?? 'unknown'}`;
  const lines: string[] = [
    `### Defrag comparison: ${escapeMarkdown(meta.targetName)}, ${escapeMarkdown(before.label)} → ${escapeMarkdown(after.label)}`,
    '',
    `**Verdict: ${STATUS_TEXT[verdict.status]}.** ${escapeMarkdown(verdict.headline)}`,
  ];
  if (verdict.reasons.length > 0) lines.push('', ...verdict.reasons.map((r) => `- ${escapeMarkdown(r)}`));
  lines.push('');
  if (comparison.rows.length > 0) {
    lines.push('| Figure | Before | After | Change | Change % |', '|---|---:|---:|---:|---:|', ...comparison.rows.map(markdownRow));
  } else {
    lines.push('_No figures compared._');
  }
  lines.push(
    '',
    `- Before: ${escapeMarkdown(before.label)}, ${iso(before.at)}`,
    `- After: ${escapeMarkdown(after.label)}, ${iso(after.at)}`,
    `- Elapsed: ${comparison.elapsedMs < 0 ? `-${formatDuration(-comparison.elapsedMs)}` : formatDuration(comparison.elapsedMs)}`,
    `- Server: ${escapeMarkdown(identity)} at ${escapeMarkdown(meta.address)}, ${escapeMarkdown(runIds)}`,
  );
  if (meta.latency !== undefined) lines.push(`- Latency cost: ${escapeMarkdown(meta.latency)}`);
  if (meta.permalink !== undefined) lines.push(`- Permalink: <${meta.permalink}>`);
  return `${lines.join('\n')}\n`;
}

/** RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Raw numbers (no units, no rounding) so a spreadsheet can compute with them; null is an empty cell. */
const csvNumber = (value: number | null) => (value === null ? '' : String(value));

export const CSV_HEADER = 'figure,label,before,after,delta,relative';

/**
 * One line per figure. `before`/`after` are taken for the same call shape as the other exports;
 * the rows already carry their values, and the header is fixed so imports stay stable.
 */
export function toCsv(comparison: Comparison, _before: Moment, _after: Moment): string {
  const lines = comparison.rows.map((row) =>
    [csvField(row.name), csvField(row.label), csvNumber(row.before), csvNumber(row.after), csvNumber(row.delta), csvNumber(row.relative)].join(','),
  );
  return [CSV_HEADER, ...lines].map((line) => `${line}\r\n`).join('');
}

export interface ComparisonJson {
  before: Moment;
  after: Moment;
  rows: ComparisonRow[];
  verdict: Verdict;
  elapsedMs: number;
}

/** A plain, JSON-safe object: copies, so the caller can add fields without touching the comparison. */
export function toJson(comparison: Comparison, before: Moment, after: Moment): ComparisonJson {
  return {
    before: { ...before, figures: { ...before.figures } },
    after: { ...after, figures: { ...after.figures } },
    rows: comparison.rows.map((row) => ({ ...row })),
    verdict: { ...comparison.verdict, reasons: [...comparison.verdict.reasons] },
    elapsedMs: comparison.elapsedMs,
  };
}
