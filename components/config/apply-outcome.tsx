import type { ConfigApplyResult } from '@/lib/config-params/api-schema';
import type { ApiFailure } from '@/lib/client/request-json';
import { findParam, sameValue, valueText } from '@/lib/config-params';

export type ApplyOutcome = { kind: 'applied'; result: ConfigApplyResult } | { kind: 'failed'; failure: ApiFailure };

/** "What the server now holds" after an apply or revert, or why it did not happen. */
export function ApplyOutcomeView({ outcome, testId = 'config' }: { outcome: ApplyOutcome; testId?: string }) {
  return outcome.kind === 'applied' ? <AppliedResult result={outcome.result} testId={testId} /> : <ApplyFailure failure={outcome.failure} testId={testId} />;
}

function text(param: string, value: string | null | undefined): string {
  const spec = findParam(param);
  return spec ? valueText(spec, value ?? null) : (value ?? 'unknown');
}

function AppliedResult({ result, testId }: { result: ConfigApplyResult; testId: string }) {
  const params = Object.keys(result.after);
  return (
    <div
      className="rounded-lg border border-emerald-600 bg-emerald-50 p-3 text-sm text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950/40 dark:text-emerald-100"
      data-testid={`${testId}-result`}
      role="status"
    >
      <p className="font-semibold">
        ✓ Applied. Read back from the server, it now holds:
        <span className="ml-2 font-normal">
          audit <code data-testid={`${testId}-result-audit`}>{result.auditId}</code>
        </span>
      </p>
      {params.length === 0 ? <p className="mt-1">Nothing needed changing: the server already held these values.</p> : null}
      {result.baselineId ? (
        <p className="mt-1" data-testid={`${testId}-result-baseline`}>
          Defrag was switched on: a baseline of the moment before was captured (<code>{result.baselineId}</code>) to compare the run against.
        </p>
      ) : null}
      <table className="mt-2 font-mono text-sm">
        <tbody>
          {params.map((p) => {
            const requested = result.requested[p];
            const spec = findParam(p);
            const differs = requested !== undefined && spec !== undefined && !sameValue(spec.kind, requested, result.after[p]);
            return (
              <tr key={p} data-testid={`${testId}-result-${p}`}>
                <td className="pr-4">{p}</td>
                <td className="pr-2 text-emerald-800/70 dark:text-emerald-200/70">{text(p, result.before[p])} →</td>
                <td className="font-semibold" data-testid={`${testId}-result-value`}>
                  {text(p, result.after[p])}
                </td>
                <td className="pl-3 font-sans text-xs font-semibold text-red-700 dark:text-red-300">
                  {differs ? `✗ differs from the requested ${text(p, requested)}` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {result.rewrite ? (
        <div className="mt-2" data-testid={`${testId}-rewrite-result`} data-ok={result.rewrite.ok}>
          {result.rewrite.ok ? (
            <p>✓ CONFIG REWRITE saved the config file: the values survive a restart.</p>
          ) : (
            <>
              <p className="font-semibold text-red-700 dark:text-red-300">✗ CONFIG REWRITE failed (the values are live, but not persisted). Redis said:</p>
              <pre className="mt-1 whitespace-pre-wrap rounded bg-white/70 p-2 text-xs text-red-900 dark:bg-black/30 dark:text-red-200">
                {result.rewrite.error}
              </pre>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
}

function failureTitle({ status, code }: ApiFailure): string {
  if (status === 401) return 'Not signed in: sign in with the admin token (top right) to change settings.';
  if (status === 403) return 'Refused by the dashboard:';
  if (status === 409) return 'Nothing to do:';
  if (status === 422) return 'Not sent to Redis: some values are invalid (see the fields).';
  if (status === 502 || code === 'redis_refused') return 'Redis refused the change. Its own words:';
  if (status === 503) return 'Redis is unreachable; nothing was changed:';
  if (status === 0) return 'The dashboard did not answer:';
  return `The change failed (HTTP ${status}):`;
}

function ApplyFailure({ failure, testId }: { failure: ApiFailure; testId: string }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-600 bg-red-50 p-3 text-sm text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100"
      data-testid={`${testId}-error`}
      data-status={failure.status}
      data-code={failure.code}
    >
      <p className="font-semibold">✗ {failureTitle(failure)}</p>
      <pre className="mt-1 whitespace-pre-wrap break-words rounded bg-white/70 p-2 font-mono text-xs dark:bg-black/30" data-testid={`${testId}-error-message`}>
        {failure.message}
      </pre>
      {failure.auditId ? (
        <p className="mt-1 text-xs">
          Recorded in the audit log as <code>{failure.auditId}</code>.
        </p>
      ) : null}
    </div>
  );
}
