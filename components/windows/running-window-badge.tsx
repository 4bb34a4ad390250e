'use client';

import { windowsUrl } from '@/lib/client/admin-requests';
import { windowListLazy } from '@/lib/client/lazy-schemas';
import { useResource } from '@/lib/client/use-resource';

const REFRESH_MS = 15_000;

/**
 * "Maintenance window running" in a page header: while one runs the scheduler has changed the
 * target's defrag settings, which every figure on the page should be read against. Renders
 * nothing otherwise (and nothing when the schedule cannot be read: the windows panel says why).
 */
export function RunningWindowBadge({ targetId }: { targetId: string }) {
  const { data } = useResource(windowsUrl(targetId), windowListLazy, { pollMs: REFRESH_MS });
  const running = data?.windows.filter((w) => w.running) ?? [];
  if (running.length === 0) return null;
  const first = running[0]!;
  const endsAt = first.next[0]?.end ?? null;
  return (
    <span
      className="inline-flex items-center gap-1 rounded bg-violet-700 px-2 py-0.5 text-xs font-semibold text-white dark:bg-violet-500"
      data-testid="running-window-badge"
      title={running.map((w) => w.description).join('\n')}
    >
      ⚙ maintenance window running{running.length > 1 ? ` (${running.length})` : ''}: {first.description}
      {endsAt !== null ? ` · ends ${new Date(endsAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' })}` : ''}
    </span>
  );
}
