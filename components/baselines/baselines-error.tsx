import type { ApiFailure } from '@/lib/client/request-json';

/** A failure with the server's text verbatim (`load`: reading; `action`: a capture or delete refused). */
export function BaselinesError({ kind, failure, prefix }: { kind: 'load' | 'action'; failure: ApiFailure; prefix: string }) {
  return (
    <div
      role="alert"
      className="rounded border border-red-600 bg-red-50 p-2 text-sm text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100"
      data-testid="baselines-error"
      data-kind={kind}
      data-status={failure.status}
    >
      <p className="font-semibold">✗ {prefix}</p>
      <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs" data-testid="baselines-error-message">
        {failure.message}
      </pre>
    </div>
  );
}
