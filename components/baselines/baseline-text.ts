import { formatChange, formatFigure, formatRelative, type BaselineTrigger } from '@/lib/baselines';
import type { BaselineSummary, ComparisonResponse, VerdictData } from '@/lib/baselines/api-schema';

/** Words for the list and the comparison page; every status colour elsewhere is paired with one of these. */

export const TRIGGER_TEXT: Record<BaselineTrigger, string> = {
  manual: 'manual',
  'activedefrag-on': 'defrag switched on',
  'window-start': 'window start',
};

export const STATUS_TEXT: Record<VerdictData['status'], string> = {
  success: 'success',
  'no-improvement': 'no improvement',
  worse: 'worse',
  confounded: 'confounded',
  restarted: 'restarted',
  'different-target': 'different targets',
  reversed: 'reversed',
  'insufficient-data': 'insufficient data',
};

export const STATUS_SYMBOL: Record<VerdictData['status'], string> = {
  success: '✓',
  'no-improvement': '–',
  worse: '✗',
  confounded: '⚠',
  restarted: '⚠',
  'different-target': '✗',
  reversed: '⇄',
  'insufficient-data': '?',
};

/** One place for moments that may be another day: lib/format.ts. */
export { formatMomentTime } from '@/lib/format';

/** The list's headline figures: "RSS 346 MiB · used 124 MiB · RSS ratio 2.79 · allocator 2.73 · hits 0". */
export function headlineFigures(figures: BaselineSummary['figures']): { key: string; label: string; text: string; title: string }[] {
  return [
    { key: 'rss', label: 'RSS', text: formatFigure('bytes', figures.used_memory_rss), title: 'used_memory_rss' },
    { key: 'used', label: 'used', text: formatFigure('bytes', figures.used_memory), title: 'used_memory' },
    { key: 'ratio', label: 'RSS ratio', text: formatFigure('ratio', figures.mem_fragmentation_ratio), title: 'mem_fragmentation_ratio' },
    { key: 'allocator', label: 'allocator', text: formatFigure('ratio', figures.allocator_frag_ratio), title: 'allocator_frag_ratio' },
    { key: 'hits', label: 'defrag hits', text: formatFigure('count', figures.active_defrag_hits), title: 'active_defrag_hits' },
  ];
}

/** "RSS -180 MiB (-52%), success": a comparison in one line, as the sketch's baselines row shows it. */
export function comparisonOneLiner(comparison: Pick<ComparisonResponse, 'rows' | 'verdict'>): string {
  const rss = comparison.rows.find((row) => row.name === 'used_memory_rss');
  const status = STATUS_TEXT[comparison.verdict.status];
  if (!rss || rss.delta === null) return status;
  return `RSS ${formatChange('bytes', rss.delta)} (${formatRelative(rss.relative)}), ${status}`;
}

/** The word next to a change: colour never carries it alone. */
export function improvementText(improved: boolean | null): string {
  return improved === true ? 'improved' : improved === false ? 'not improved' : '';
}
