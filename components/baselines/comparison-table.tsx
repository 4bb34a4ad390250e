import { formatChange, formatFigure, formatRelative } from '@/lib/baselines';
import type { ComparisonRowData } from '@/lib/baselines/api-schema';
import { improvementText } from './baseline-text';

const CELL = 'px-3 py-1 text-right font-mono tabular-nums';

/** Before | after | change | change %, one row per figure; an improvement is marked with a word and a symbol. */
export function ComparisonTable({ rows, beforeLabel, afterLabel }: { rows: ComparisonRowData[]; beforeLabel: string; afterLabel: string }) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-zinc-500" data-testid="comparison-table" data-rows={0}>
        No figures compared (see the verdict above).
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid="comparison-table" data-rows={rows.length}>
        <thead className="text-xs uppercase tracking-wide text-zinc-500">
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            <th className="px-3 py-1 text-left font-semibold">Figure</th>
            <th className="px-3 py-1 text-right font-semibold" title={beforeLabel}>
              Before
            </th>
            <th className="px-3 py-1 text-right font-semibold" title={afterLabel}>
              After
            </th>
            <th className="px-3 py-1 text-right font-semibold">Change</th>
            <th className="px-3 py-1 text-right font-semibold">Change %</th>
            <th className="px-3 py-1 text-left font-semibold">
              <span className="sr-only">Improved?</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.name}
              className="border-b border-zinc-100 last:border-b-0 dark:border-zinc-900"
              data-testid={`comparison-row-${row.name}`}
              data-improved={String(row.improved)}
            >
              <td className="px-3 py-1" title={`INFO field ${row.name}`}>
                {row.label} <code className="text-xs text-zinc-500">{row.name}</code>
              </td>
              <td className={CELL} data-testid="comparison-before">
                {formatFigure(row.kind, row.before)}
              </td>
              <td className={CELL} data-testid="comparison-after">
                {formatFigure(row.kind, row.after)}
              </td>
              <td className={CELL} data-testid="comparison-change">
                {formatChange(row.kind, row.delta)}
              </td>
              <td className={CELL} data-testid="comparison-relative">
                {formatRelative(row.relative)}
              </td>
              <td className="px-3 py-1 text-xs font-semibold" data-testid="comparison-improved">
                <ImprovedMark improved={row.improved} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ImprovedMark({ improved }: { improved: boolean | null }) {
  if (improved === null) return null;
  return improved ? (
    <span className="text-emerald-700 dark:text-emerald-300">✓ {improvementText(true)}</span>
  ) : (
    <span className="text-red-700 dark:text-red-300">✗ {improvementText(false)}</span>
  );
}
