'use client';

import { useDashboard } from './dashboard-store-provider';

/** "redis 7.0.15 · jemalloc-5.3.0 · defrag: unsupported", from the newest sample. */
export function ServerIdentity() {
  const server = useDashboard((s) => s.lastOk?.server ?? s.latest?.server ?? null);
  const supported = useDashboard((s) => s.latest?.derived.defragSupported ?? null);
  const reason = useDashboard((s) => s.latest?.derived.defragUnsupportedReason ?? null);
  if (!server?.engine) return <span className="text-sm text-zinc-500">server: unknown yet</span>;
  const defrag = supported === true ? 'supported' : supported === false ? 'unsupported' : 'unknown';
  return (
    <span className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="server-identity">
      <span data-testid="server-engine">{server.engine}</span> <span data-testid="server-version">{server.version}</span>
      {' · '}
      <span title="mem_allocator (INFO memory); it does not tell whether defrag is supported">{server.allocator ?? '?'}</span>
      {' · '}
      <span data-testid="defrag-support" data-state={defrag} title={reason ?? 'from a side-effect-free CONFIG SET probe'}>
        defrag: {defrag}
      </span>
    </span>
  );
}
