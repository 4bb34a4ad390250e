'use client';

import { connectionErrorText } from '@/lib/connection-error-text';
import { formatDuration } from '@/lib/format';
import { useDashboard } from './dashboard-store-provider';

/** Live / stalled / disconnected, with how long and why. Colour always comes with a word. */
export function ConnectionBadge({ pollMs }: { pollMs: number }) {
  const streamStatus = useDashboard((s) => s.streamStatus);
  const latest = useDashboard((s) => s.latest);
  const downSince = useDashboard((s) => s.downSince);

  let state: 'connecting' | 'live' | 'stalled' | 'down' | 'stream-lost';
  let text: string;
  if (streamStatus === 'reconnecting') {
    state = 'stream-lost';
    text = 'dashboard connection lost, retrying';
  } else if (!latest) {
    state = 'connecting';
    text = 'connecting…';
  } else if (latest.ok) {
    state = 'live';
    text = `live (${pollMs >= 1000 ? `${pollMs / 1000} s` : `${pollMs} ms`})`;
  } else {
    state = latest.derived.connection === 'stalled' ? 'stalled' : 'down';
    const since = downSince === null ? null : latest.at - downSince;
    text = `${state === 'stalled' ? 'stalled' : 'disconnected'} ${formatDuration(since)}, retrying`;
  }
  const dot = state === 'live' ? 'bg-emerald-500' : state === 'stalled' || state === 'connecting' ? 'bg-amber-500' : 'bg-zinc-400';
  return (
    <span className="inline-flex items-center gap-2 text-sm" data-testid="connection-status" data-state={state}>
      <span className={`h-2.5 w-2.5 rounded-full ${dot}`} aria-hidden />
      <span>{text}</span>
      {latest && !latest.ok && latest.error ? (
        <span className="max-w-md text-xs text-zinc-600 dark:text-zinc-300" data-testid="connection-error">
          {connectionErrorText(latest.error)}{' '}
          <details className="inline" data-testid="connection-error-details">
            <summary className="inline cursor-pointer text-zinc-500 underline">details</summary>
            <code className="ml-1 break-all text-zinc-500" data-testid="connection-error-raw">
              {latest.error}
            </code>
          </details>
        </span>
      ) : null}
    </span>
  );
}
