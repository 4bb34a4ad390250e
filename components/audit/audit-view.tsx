'use client';

import { useAdmin } from '@/components/session/admin-store-provider';
import { auditListSchema } from '@/lib/audit/api-schema';
import { auditUrl } from '@/lib/client/admin-requests';
import { useResource } from '@/lib/client/use-resource';
import { isRevertable } from './audit-entries';
import { AuditEntryRow } from './audit-entry-row';

const REFRESH_MS = 10_000;

/** Every change attempt on this target, newest first; signed-in operators can revert applied ones. */
export function AuditView({ targetId }: { targetId: string }) {
  // The scheduler writes too: poll, besides refetching after our own writes (the revision).
  const revision = useAdmin((s) => s.revision);
  const { data: list, error: failure } = useResource(auditUrl(targetId), auditListSchema, { pollMs: REFRESH_MS, refreshKey: revision });
  const signedIn = useAdmin((s) => s.session?.signedInAs != null);
  return (
    <section className="grid gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="audit-view">
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Audit log</h2>
        <span className="text-xs text-zinc-500">
          {list ? `${list.entries.length} entr${list.entries.length === 1 ? 'y' : 'ies'}, newest first` : 'loading…'}
          {signedIn ? '' : ' · sign in to revert'}
        </span>
      </div>
      {failure ? (
        <p role="alert" className="text-sm font-semibold text-red-700 dark:text-red-300" data-testid="audit-load-error">
          ✗ Cannot read the audit log: {failure.message}
        </p>
      ) : null}
      {list && list.unreadableLines > 0 ? (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="audit-unreadable">
          ⚠ {list.unreadableLines} line{list.unreadableLines === 1 ? '' : 's'} of the log could not be read (a torn write after a crash?).
        </p>
      ) : null}
      {list && list.entries.length === 0 ? <p className="text-sm text-zinc-500">No changes recorded yet.</p> : null}
      <ol className="grid">
        {list?.entries.map((entry) => (
          <AuditEntryRow key={entry.id} entry={entry} targetId={targetId} canRevert={signedIn && isRevertable(entry)} />
        ))}
      </ol>
    </section>
  );
}
