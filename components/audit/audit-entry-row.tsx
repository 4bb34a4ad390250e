import type { AuditEntry } from '@/lib/audit/api-schema';
import { entryChanges, RESULT_STYLE } from './audit-entries';
import { RevertControl } from './revert-control';

/** One audit entry: when (local time), who, what, the result in a word, before → after, and Redis's text. */
export function AuditEntryRow({ entry, targetId, signedIn, canRevert }: { entry: AuditEntry; targetId: string; signedIn: boolean; canRevert: boolean }) {
  const style = RESULT_STYLE[entry.result];
  const changes = entryChanges(entry);
  return (
    <li
      // The chart annotations link here (components/charts/annotations.ts, auditAnchor).
      id={`audit-${entry.id}`}
      className="grid scroll-mt-4 gap-2 border-t border-zinc-200 py-3 first:border-t-0 dark:border-zinc-800"
      data-testid="audit-entry"
      data-audit-id={entry.id}
      data-action={entry.action}
      data-result={entry.result}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        <time dateTime={entry.at} className="font-mono text-xs text-zinc-500" data-testid="audit-time">
          {new Date(entry.at).toLocaleString()}
        </time>
        <span className={`rounded px-1.5 py-0.5 text-xs font-semibold ${style.className}`} data-testid="audit-result">
          {style.mark} {entry.result}
        </span>
        <span className="font-medium" data-testid="audit-action">
          {entry.action}
        </span>
        <span className="text-zinc-600 dark:text-zinc-300">
          by <span data-testid="audit-actor">{entry.actor}</span>
        </span>
        {entry.revertOf ? <span className="text-xs text-zinc-500">reverts {entry.revertOf}</span> : null}
        {entry.revertedBy ? (
          <span className="rounded bg-zinc-200 px-1.5 py-0.5 text-xs dark:bg-zinc-800" data-testid="audit-reverted-by">
            reverted by #{entry.revertedBy}
          </span>
        ) : null}
        <code className="ml-auto text-xs text-zinc-400">{entry.id}</code>
      </div>
      {entry.result === 'unknown' ? (
        <p className="text-xs font-medium text-slate-700 dark:text-slate-300" data-testid="audit-unknown">
          Outcome unknown: the change was sent but its result never came back, so it may have been applied. The values before it are exact: revert to be sure
          they are back.
        </p>
      ) : null}
      {entry.note ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="audit-note">
          {entry.note}
        </p>
      ) : null}
      {changes.length > 0 ? (
        <table className="w-fit font-mono text-xs">
          <tbody>
            {changes.map((c) => (
              <tr key={c.param} data-testid={`audit-change-${c.param}`}>
                <td className="pr-4">{c.param}</td>
                <td className="pr-2 text-zinc-500">{c.before}</td>
                <td className="pr-2 text-zinc-500">→</td>
                <td className="pr-3 font-semibold">{c.after}</td>
                <td className="font-sans text-zinc-500">{c.requested !== null ? `(requested ${c.requested})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {entry.error ? (
        <pre
          className="whitespace-pre-wrap break-words rounded bg-red-50 p-2 font-mono text-xs text-red-900 dark:bg-red-950/40 dark:text-red-200"
          data-testid="audit-error"
        >
          {entry.error}
        </pre>
      ) : null}
      {entry.rewrite ? (
        <p className="text-xs" data-testid="audit-rewrite" data-ok={entry.rewrite.ok}>
          {entry.rewrite.ok ? '✓ CONFIG REWRITE saved' : `✗ CONFIG REWRITE failed: ${entry.rewrite.error ?? 'unknown error'}`}
        </p>
      ) : null}
      {signedIn ? <RevertControl entry={entry} targetId={targetId} canRevert={canRevert} /> : null}
    </li>
  );
}
