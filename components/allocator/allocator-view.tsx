'use client';

import { useEffect, useRef, useState } from 'react';
import { useAdmin } from '@/components/session/admin-store-provider';
import { allocatorAnatomySchema, type AllocatorAnatomy } from '@/lib/allocator/api-schema';
import { requestJson, type ApiFailure } from '@/lib/client/request-json';
import { formatBytes } from '@/lib/format';
import { binChanges, reclaimable, reconciliation } from './allocator-summary';
import { BinsTable } from './bins-table';
import { CannotFixPanel } from './cannot-fix-panel';
import { PurgePanel } from './purge-panel';
import { WasteChart } from './waste-chart';

const BUTTON = 'rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * Where the fragmentation lives: jemalloc's per-size-class figures, read on demand (never in the
 * poll loop: MEMORY MALLOC-STATS blocks the server for about a millisecond). Two reads, e.g. before
 * and after a defrag run, are compared per size class.
 */
export function AllocatorView({ targetId }: { targetId: string }) {
  const [reads, setReads] = useState<AllocatorAnatomy[]>([]);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [pending, setPending] = useState(false);
  const latest = reads.at(-1) ?? null;
  const previous = reads.length > 1 ? reads.at(-2)! : null;

  const read = async (fresh = true) => {
    setPending(true);
    const result = await requestJson(`/api/targets/${encodeURIComponent(targetId)}/allocator${fresh ? '?fresh=1' : ''}`, allocatorAnatomySchema);
    setPending(false);
    if (!result.ok) return setFailure(result);
    setFailure(null);
    // The same read again (shared cache) only refreshes this viewer's purge status.
    setReads((r) => (r.at(-1)?.at === result.data.at ? [...r.slice(0, -1), result.data] : [...r.slice(-1), result.data]));
  };

  // Signing in or out changes who may purge: ask again (the shared read, no new server call).
  const revision = useAdmin((s) => s.revision);
  const hasRead = useRef(false);
  useEffect(() => {
    hasRead.current = latest !== null;
  });
  useEffect(() => {
    if (hasRead.current) void read(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only on a revision change
  }, [revision]);

  return (
    <section className="grid gap-4" aria-labelledby="allocator-heading" data-testid="allocator-view">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="allocator-heading" className="text-lg font-semibold">
          Allocator anatomy
        </h2>
        <button type="button" className={BUTTON} onClick={() => void read()} disabled={pending} data-testid="allocator-read">
          {pending ? 'Reading…' : latest ? 'Read again (compare)' : 'Read the allocator'}
        </button>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          MEMORY MALLOC-STATS: about 1 ms of server time, a ~50 KiB reply; one read per 10 s serves every viewer.
        </span>
      </div>
      {failure && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400" data-testid="allocator-error">
          {failure.message}
        </p>
      )}
      {latest && (
        <>
          <p className="text-sm" data-testid="allocator-reconciliation">
            {reconciliation(latest)}
          </p>
          <table className="text-sm" data-testid="allocator-reclaimable">
            <caption className="text-left text-sm font-medium">What active defrag can reclaim, and what it cannot</caption>
            <tbody>
              {reclaimable(latest).map((part) => (
                <tr key={part.label} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <th scope="row" className="py-1 pr-3 text-left font-normal">
                    {part.label}
                  </th>
                  <td className="py-1 pr-3 text-right tabular-nums">{formatBytes(part.bytes)}</td>
                  <td className={`py-1 pr-3 ${part.defrag ? 'text-emerald-700 dark:text-emerald-400' : 'text-zinc-600 dark:text-zinc-400'}`}>
                    {part.defrag ? 'defrag reclaims' : 'defrag cannot'}
                  </td>
                  <td className="py-1 text-xs text-zinc-600 dark:text-zinc-400">{part.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <CannotFixPanel anatomy={latest} />
          <PurgePanel targetId={targetId} anatomy={latest} onPurged={() => void read()} />
          <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="allocator-cost">
            Read at {new Date(latest.at).toLocaleString('en-GB', { timeZone: 'UTC' })} UTC; the call took {latest.cost.roundTripMs} ms round trip and returned{' '}
            {formatBytes(latest.cost.replyBytes)}
            {latest.cachedFor !== null ? ` (an answer ${Math.round(latest.cachedFor / 1000)} s old, shared with other viewers)` : ''}.
          </p>
          <WasteChart bins={latest.bins} />
          {previous && <Comparison before={previous} after={latest} />}
          <BinsTable bins={latest.bins} />
        </>
      )}
    </section>
  );
}

function Comparison({ before, after }: { before: AllocatorAnatomy; after: AllocatorAnatomy }) {
  const changes = binChanges(before.bins, after.bins).slice(0, 12);
  return (
    <div data-testid="allocator-comparison">
      <p className="text-sm font-medium">
        Small-bin waste {formatBytes(before.smallBinsWastedBytes)} → {formatBytes(after.smallBinsWastedBytes)} between the two reads (
        {Math.round((after.at - before.at) / 1000)} s apart)
      </p>
      <ul className="mt-1 grid gap-0.5 text-xs tabular-nums">
        {changes.map((c) => (
          <li key={c.size}>
            {formatBytes(c.size)} regions: {formatBytes(c.before)} → {formatBytes(c.after)}
          </li>
        ))}
      </ul>
    </div>
  );
}
