import type { VerdictData } from '@/lib/baselines/api-schema';
import { STATUS_SYMBOL, STATUS_TEXT } from './baseline-text';
import { verdictBadgeClass, verdictBoxClass } from './verdict-style';

/** The verdict first: the status in a word (and a colour), the server's headline, and its reasons. */
export function ComparisonVerdict({ verdict }: { verdict: VerdictData }) {
  return (
    <div className={`rounded-lg border-l-4 p-3 ${verdictBoxClass(verdict.status)}`} data-testid="comparison-verdict" data-status={verdict.status} role="status">
      <p className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span
          className={`rounded px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide ${verdictBadgeClass(verdict.status)}`}
          data-testid="comparison-status"
        >
          {STATUS_SYMBOL[verdict.status]} {STATUS_TEXT[verdict.status]}
        </span>
        <span className="font-semibold" data-testid="comparison-headline">
          {verdict.headline}
        </span>
      </p>
      {verdict.reasons.length > 0 ? (
        <ul className="mt-2 list-disc pl-6 text-sm" data-testid="comparison-reasons">
          {verdict.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
