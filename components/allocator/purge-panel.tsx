'use client';

import { useEffect, useState } from 'react';
import { useAdmin } from '@/components/session/admin-store-provider';
import { purgeResultSchema, type AllocatorAnatomy, type PurgeResult } from '@/lib/allocator/api-schema';
import { purgeAdvice, type LastRun } from '@/lib/allocator/cannot-fix';
import { requestJson, type ApiFailure } from '@/lib/client/request-json';
import { formatBytes } from '@/lib/format';
import { runsResponseSchema } from '@/lib/history/api-schema';

const BUTTON = 'rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * MEMORY PURGE, offered when RSS stays high after a run (purgeAdvice says when and why), disabled
 * with the reason where it cannot help or this viewer may not write. Two clicks: the second names
 * the target. The server audits it and allows one per target per minute.
 */
export function PurgePanel({ targetId, anatomy, onPurged }: { targetId: string; anatomy: AllocatorAnatomy; onPurged: () => void }) {
  const [lastRun, setLastRun] = useState<LastRun | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<PurgeResult | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const bump = useAdmin((s) => s.bump);

  useEffect(() => {
    let cancelled = false;
    void requestJson(`/api/targets/${encodeURIComponent(targetId)}/runs`, runsResponseSchema).then((r) => {
      if (!cancelled && r.ok) setLastRun(r.data.current ? r.data.current.progress : (r.data.last?.progress ?? null));
    });
    return () => {
      cancelled = true;
    };
  }, [targetId, anatomy.at]);

  const advice = purgeAdvice(anatomy, lastRun);
  const { purge } = anatomy;
  const blocked = !purge.available
    ? purge.unavailableReason
    : !purge.access.allowed
      ? purge.access.reason
      : purge.retryAfterMs !== null
        ? `purged less than a minute ago: again in ${Math.ceil(purge.retryAfterMs / 1000)} s`
        : null;

  const run = async () => {
    setPending(true);
    const answer = await requestJson(`/api/targets/${encodeURIComponent(targetId)}/allocator/purge`, purgeResultSchema, { method: 'POST', body: {} });
    setPending(false);
    setConfirming(false);
    bump();
    if (!answer.ok) return setFailure(answer);
    setFailure(null);
    setResult(answer.data);
    onPurged();
  };

  return (
    <section className="grid gap-2" aria-labelledby="purge-heading" data-testid="purge-panel" data-recommended={advice.recommended}>
      <h3 id="purge-heading" className="text-sm font-medium">
        MEMORY PURGE
      </h3>
      <p className="text-sm" data-testid="purge-advice">
        {advice.text}
      </p>
      {blocked ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="purge-blocked">
          Not available: {blocked}.
        </p>
      ) : confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <button type="button" className={BUTTON} onClick={run} disabled={pending} data-testid="purge-confirm">
            {pending ? 'Purging…' : `Confirm MEMORY PURGE on ${targetId}`}
          </button>
          <button type="button" className={BUTTON} onClick={() => setConfirming(false)} disabled={pending}>
            Cancel
          </button>
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            The server stalls while jemalloc returns the pages (milliseconds per GB); audited as you.
          </span>
        </div>
      ) : (
        <div>
          <button type="button" className={BUTTON} onClick={() => setConfirming(true)} data-testid="purge-button">
            {advice.recommended ? 'Purge the allocator (recommended)' : 'Purge the allocator'}
          </button>
        </div>
      )}
      {failure && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-400" data-testid="purge-error">
          {failure.message}
        </p>
      )}
      {result && (
        <p role="status" className="text-sm" data-testid="purge-result">
          MEMORY PURGE by {result.actor} took {result.durationMs} ms: used_memory_rss{' '}
          <span data-testid="purge-rss-before">{formatBytes(result.before.used_memory_rss)}</span> →{' '}
          <span data-testid="purge-rss-after">{formatBytes(result.after.used_memory_rss)}</span> (
          {result.releasedRssBytes === null
            ? 'unknown'
            : result.releasedRssBytes >= 0
              ? `${formatBytes(result.releasedRssBytes)} returned`
              : `grew by ${formatBytes(-result.releasedRssBytes)}`}
          ), allocator_rss_bytes {formatBytes(result.before.allocator_rss_bytes)} → {formatBytes(result.after.allocator_rss_bytes)}. Audit entry{' '}
          <span data-testid="purge-audit-id">{result.auditId}</span>.
        </p>
      )}
    </section>
  );
}
