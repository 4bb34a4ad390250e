'use client';

import { useState } from 'react';
import { useAdmin } from '@/components/session/admin-store-provider';
import { createWindow, deleteWindow, runWindowNow, windowsUrl } from '@/lib/client/admin-requests';
import type { ApiFailure, ApiResult } from '@/lib/client/request-json';
import { useResource } from '@/lib/client/use-resource';
import { windowListSchema } from '@/lib/windows/api-schema';
import type { WindowSpec } from '@/lib/windows';
import { RunNowForm } from './run-now-form';
import { WindowForm } from './window-form';
import { WindowRow } from './window-row';

const REFRESH_MS = 10_000;

/** The maintenance schedule: windows with their next runs, "run now", and adding or deleting windows. */
export function WindowsView({ targetId }: { targetId: string }) {
  const revision = useAdmin((s) => s.revision);
  const { data: list, error: failure } = useResource(windowsUrl(targetId), windowListSchema, { pollMs: REFRESH_MS, refreshKey: revision });
  const bump = useAdmin((s) => s.bump);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  const act = async (key: string, call: () => Promise<ApiResult<unknown>>) => {
    setPending(key);
    setError(null);
    const result = await call();
    setPending(null);
    if (!result.ok) setError(result);
    bump(); // a run-now window writes (and audits) at once; a refused create changes nothing but costs only a refetch
  };

  const writable = list?.access.allowed ?? false;
  return (
    <section className="grid gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="windows-view" data-writable={writable}>
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Maintenance windows</h2>
        <span className="text-xs text-zinc-500">times in your local time zone</span>
      </div>
      {failure ? (
        <p role="alert" className="text-sm font-semibold text-red-700 dark:text-red-300" data-testid="windows-load-error">
          ✗ Cannot read the schedule: {failure.message}
        </p>
      ) : null}
      {list && !writable ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="windows-readonly-reason">
          Read-only: {list.access.reason ?? 'changes are not allowed here'}
        </p>
      ) : null}
      {list && writable ? (
        <RunNowForm pending={pending !== null} onRun={(minutes, preset) => void act('run-now', () => runWindowNow(targetId, minutes, preset))} />
      ) : null}
      {error ? (
        <div
          role="alert"
          className="rounded border border-red-600 bg-red-50 p-2 text-sm text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100"
          data-testid="windows-error"
          data-status={error.status}
        >
          <p className="font-semibold">✗ {error.status === 409 ? 'Refused: windows on one target may not overlap.' : `Refused (HTTP ${error.status}):`}</p>
          <pre className="mt-1 whitespace-pre-wrap break-words font-mono text-xs" data-testid="windows-error-message">
            {error.message}
          </pre>
          {error.fields ? (
            <ul className="mt-1 text-xs">
              {Object.entries(error.fields).map(([field, message]) => (
                <li key={field}>
                  {field}: {message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {list && list.windows.length === 0 ? <p className="text-sm text-zinc-500">No windows scheduled.</p> : null}
      <ul className="grid">
        {list?.windows.map((w) => (
          <WindowRow
            key={w.id}
            window={w}
            canDelete={writable}
            deleting={pending === w.id}
            onDelete={() => void act(w.id, () => deleteWindow(targetId, w.id))}
          />
        ))}
      </ul>
      {list && writable ? <WindowForm pending={pending !== null} onAdd={(spec: WindowSpec) => void act('add', () => createWindow(targetId, spec))} /> : null}
    </section>
  );
}
