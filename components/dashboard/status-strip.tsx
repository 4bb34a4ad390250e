'use client';

import { useMemo, type ReactNode } from 'react';
import { HEALTH_LABEL } from '@/components/gauge/rss-gauge';
import { useAdmin } from '@/components/session/admin-store-provider';
import { windowsUrl } from '@/lib/client/admin-requests';
import { alertsUrl } from '@/lib/client/alerts-requests';
import { alertsListLazy, windowListLazy } from '@/lib/client/lazy-schemas';
import { useResource } from '@/lib/client/use-resource';
// The modules themselves, not the '@/lib/decision' index: that would also bring the diagnostics and the
// what-if (with the config catalogue) into every page's first load.
import { blockedBy, decide } from '@/lib/decision/decide';
import { VERDICT_LABEL } from '@/lib/decision/present';
import { formatBytes, formatMomentTime, formatRatio } from '@/lib/format';
import type { Health } from '@/lib/snapshot';
import { useDashboard } from './dashboard-store-provider';

const ALERTS_MS = 5_000;
const WINDOWS_MS = 15_000;

/** Colour goes with the band's word, never alone. */
const HEALTH_TONE: Record<Health, string> = {
  healthy: 'text-emerald-700 dark:text-emerald-400',
  moderate: 'text-amber-700 dark:text-amber-400',
  high: 'text-red-700 dark:text-red-400',
  'below-one': 'text-sky-700 dark:text-sky-400',
  'too-small': 'text-zinc-600 dark:text-zinc-300',
  unknown: 'text-zinc-600 dark:text-zinc-300',
};

/**
 * The figures an operator checks first, in one row above the charts. Each names its INFO field in
 * a tooltip so `redis-cli INFO memory` can be held against it. Through an outage it keeps the last
 * good figures, dimmed, like the gauge.
 */
export function StatusStrip({ targetId }: { targetId: string }) {
  const snapshot = useDashboard((s) => s.lastOk);
  const stale = useDashboard((s) => s.latest !== null && !s.latest.ok);
  const decision = useMemo(() => (snapshot ? decide(snapshot) : null), [snapshot]);
  const alerts = useResource(alertsUrl(targetId), alertsListLazy, { pollMs: ALERTS_MS });
  // A write of ours (run now, a window created) bumps the revision: the strip shows it at once, not at the next poll.
  const revision = useAdmin((s) => s.revision);
  const windows = useResource(windowsUrl(targetId), windowListLazy, { pollMs: WINDOWS_MS, refreshKey: revision });
  const running = windows.data?.windows.find((w) => w.running) ?? null;
  const openAlerts = alerts.data?.active.length ?? null;

  if (!snapshot || !decision) {
    return (
      <p className="rounded-lg border border-zinc-200 px-4 py-3 text-sm text-zinc-600 dark:border-zinc-800 dark:text-zinc-300" data-testid="status-strip-empty">
        Waiting for the first sample…
      </p>
    );
  }
  const { info, derived } = snapshot;
  const cpu = info.active_defrag_running;
  const defrag =
    cpu !== null && cpu > 0
      ? `RUNNING ${cpu}% CPU`
      : derived.defragSupported === false
        ? 'UNSUPPORTED'
        : snapshot.config.activedefrag === false
          ? 'OFF'
          : 'IDLE';
  const blocking = decision.conditions.find((c) => c.id === decision.blockingId) ?? null;
  const windowEnd = running?.next[0]?.end;
  return (
    <section aria-label="Status" data-testid="status-strip" data-stale={stale} className={stale ? 'opacity-60' : ''}>
      <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 text-sm sm:grid-cols-3 lg:grid-cols-7 dark:border-zinc-800 dark:bg-zinc-800">
        <Cell label="RSS ratio" title="mem_fragmentation_ratio (INFO memory): used_memory_rss / used_memory" testId="strip-rss-ratio">
          <span className="font-semibold tabular-nums" data-testid="strip-rss-value">
            {formatRatio(info.mem_fragmentation_ratio)}
          </span>{' '}
          <span className={`text-xs font-bold ${HEALTH_TONE[derived.health]}`} data-testid="strip-health" data-health={derived.health}>
            {HEALTH_LABEL[derived.health]}
          </span>
        </Cell>
        <Cell label="allocator" title="allocator_frag_ratio and allocator_frag_bytes (INFO memory): what active defrag can reclaim" testId="strip-allocator">
          <span className="font-semibold tabular-nums" data-testid="strip-allocator-value">
            {formatRatio(info.allocator_frag_ratio)}
          </span>
          <span className="text-xs"> · {formatBytes(info.allocator_frag_bytes)} fragmented</span>
        </Cell>
        <Cell label="RSS / used" title="used_memory_rss / used_memory (INFO memory)" testId="strip-memory">
          <span className="tabular-nums">
            {formatBytes(info.used_memory_rss)} / {formatBytes(info.used_memory)}
          </span>
        </Cell>
        <Cell label="defrag" title="active_defrag_running (INFO memory): the CPU percent defrag may use, 0 when idle" testId="strip-defrag">
          <span className="font-semibold" data-state={cpu !== null && cpu > 0 ? 'running' : 'idle'}>
            {defrag}
          </span>
        </Cell>
        <Cell label="verdict" title={decision.reason} testId="strip-verdict" wide>
          <span className="font-semibold" data-verdict={decision.verdict}>
            {VERDICT_LABEL[decision.verdict]}
          </span>
          {blocking ? (
            <span className="text-xs" data-testid="strip-blocking">
              : {blockedBy(blocking)}
            </span>
          ) : null}
        </Cell>
        <Cell label="alerts" title="firing alerts for this target (GET /api/alerts)" testId="strip-alerts">
          <span className={openAlerts ? 'font-semibold text-red-700 dark:text-red-400' : ''} data-count={openAlerts ?? ''}>
            {openAlerts === null ? '—' : openAlerts === 0 ? '✓ none' : `⚠ ${openAlerts} open`}
          </span>
        </Cell>
        <Cell label="window" title="a maintenance window running now (GET /api/targets/{id}/windows)" testId="strip-window">
          {running ? (
            <span className="font-semibold" data-running="true">
              {running.description}
              {windowEnd ? ` until ${formatMomentTime(windowEnd)}` : ''}
            </span>
          ) : (
            <span data-running="false">{windows.data ? 'none running' : '—'}</span>
          )}
        </Cell>
      </dl>
    </section>
  );
}

function Cell({ label, title, testId, wide = false, children }: { label: string; title: string; testId: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={`min-w-0 bg-white px-3 py-2 dark:bg-zinc-950 ${wide ? 'col-span-2 sm:col-span-1' : ''}`} title={title} data-testid={testId}>
      <dt className="text-xs uppercase tracking-wide text-zinc-600 dark:text-zinc-300">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}
