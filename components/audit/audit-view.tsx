'use client';

import { useState } from 'react';
import { useAdmin } from '@/components/session/admin-store-provider';
import { auditListSchema } from '@/lib/audit/api-schema';
import { auditUrl } from '@/lib/client/admin-requests';
import { useResource } from '@/lib/client/use-resource';
import { isRevertable } from './audit-entries';
import { AuditEntryRow } from './audit-entry-row';
import { AuditFilters, type AuditFilterValues } from './audit-filters';

const REFRESH_MS = 10_000;
const PAGE_SIZE = 50;

/** Every change attempt on this target, newest first, filtered and paged; signed-in operators can revert applied ones. */
export function AuditView({ targetId }: { targetId: string }) {
  // The scheduler writes too: poll, besides refetching after our own writes (the revision).
  const revision = useAdmin((s) => s.revision);
  const [filters, setFilters] = useState<AuditFilterValues>({ actor: '', result: '' });
  /** Cursors of the pages above this one; the last is this page's `before`. */
  const [cursors, setCursors] = useState<string[]>([]);
  const before = cursors.at(-1);
  const url = auditUrl(targetId, { actor: filters.actor.trim() || undefined, result: filters.result || undefined, before, limit: PAGE_SIZE });
  // Older pages do not change by themselves; only the newest is polled.
  const { data: list, error: failure } = useResource(url, auditListSchema, { pollMs: before ? undefined : REFRESH_MS, refreshKey: revision });
  const signedIn = useAdmin((s) => s.session?.signedInAs != null);
  const filter = (next: AuditFilterValues) => {
    setFilters(next);
    setCursors([]);
  };
  return (
    <section className="grid gap-2 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="audit-view">
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Audit log</h2>
        <span className="text-xs text-zinc-500">
          {list
            ? `${list.entries.length} entr${list.entries.length === 1 ? 'y' : 'ies'}${cursors.length > 0 ? ` (page ${cursors.length + 1})` : ''}, newest first`
            : 'loading…'}
          {signedIn ? '' : ' · sign in to revert'}
        </span>
      </div>
      <AuditFilters value={filters} onChange={filter} />
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
      {list && list.entries.length === 0 ? (
        <p className="text-sm text-zinc-500">{filters.actor || filters.result || before ? 'No entries match.' : 'No changes recorded yet.'}</p>
      ) : null}
      <ol className="grid">
        {list?.entries.map((entry) => (
          <AuditEntryRow key={entry.id} entry={entry} targetId={targetId} signedIn={signedIn} canRevert={signedIn && isRevertable(entry)} />
        ))}
      </ol>
      {cursors.length > 0 || list?.nextBefore ? (
        <div className="flex gap-2 text-sm">
          <button
            type="button"
            data-testid="audit-newer"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
            className="rounded border border-zinc-400 px-2 py-0.5 disabled:opacity-50"
          >
            ← Newer
          </button>
          <button
            type="button"
            data-testid="audit-older"
            disabled={!list?.nextBefore}
            onClick={() => list?.nextBefore && setCursors((c) => [...c, list.nextBefore!])}
            className="rounded border border-zinc-400 px-2 py-0.5 disabled:opacity-50"
          >
            Older →
          </button>
        </div>
      ) : null}
    </section>
  );
}
