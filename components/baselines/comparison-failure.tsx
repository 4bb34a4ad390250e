import Link from 'next/link';
import { comparePageUrl } from '@/lib/client/baselines-requests';
import type { ApiFailure } from '@/lib/client/request-json';

export interface ComparisonFailureProps {
  targetId: string;
  baselineId: string;
  failure: ApiFailure;
  /** false: the target's list is loaded and has no such baseline. */
  baselineKnown: boolean | null;
  onRetry: () => void;
  /** Set while the page retries on its own (the target not answering): said beside the button. */
  retryEveryMs: number | null;
}

/** Why there is no comparison, in a sentence, with the server's own text underneath. */
export function ComparisonFailure({ targetId, baselineId, failure, baselineKnown, onRetry, retryEveryMs }: ComparisonFailureProps) {
  const missingBaseline = failure.status === 404 && baselineKnown === false;
  const title = missingBaseline
    ? `No baseline “${baselineId}” on this target: it may have been deleted, or the link is mistyped.`
    : failure.status === 503
      ? 'The target is not answering, so “now” cannot be read. Compare with another baseline or the end of a defrag run below; this page asks again until it is back.'
      : failure.status === 404
        ? 'Not found: choose something else to compare with below.'
        : failure.status === 409
          ? 'These two cannot be compared:'
          : failure.status === 0
            ? 'No answer from the dashboard.'
            : `The comparison failed (HTTP ${failure.status}):`;
  return (
    <div
      role="alert"
      className="rounded border border-red-600 bg-red-50 p-3 text-sm text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100"
      data-testid="comparison-error"
      data-status={failure.status}
    >
      <p className="font-semibold">✗ {title}</p>
      <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs" data-testid="comparison-error-message">
        {failure.message}
      </pre>
      <p className="mt-2 flex flex-wrap gap-3">
        {missingBaseline ? (
          <Link href={comparePageUrl(targetId)} className="underline" data-testid="comparison-index-link">
            all baselines of this target
          </Link>
        ) : (
          <button type="button" className="underline" onClick={onRetry} data-testid="comparison-retry">
            retry
          </button>
        )}
        {retryEveryMs !== null ? <span data-testid="comparison-auto-retry">asking again every {Math.round(retryEveryMs / 1000)} s</span> : null}
      </p>
    </div>
  );
}
