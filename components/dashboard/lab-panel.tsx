'use client';

import { useCallback, useEffect, useState } from 'react';

interface LabStatus {
  fragmenting: boolean;
  churning: boolean;
  lastMessage: string | null;
}

/** Demo only: fragment the lab server again, churn on/off. Talks to /api/targets/{id}/lab. */
export function LabPanel({ targetId }: { targetId: string }) {
  const [status, setStatus] = useState<LabStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const endpoint = `/api/targets/${encodeURIComponent(targetId)}/lab`;

  const refresh = useCallback(async () => {
    const response = await fetch(endpoint).catch(() => null);
    if (response?.ok) setStatus((await response.json()) as LabStatus);
  }, [endpoint]);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 2000);
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (action: 'fragment' | 'churn-start' | 'churn-stop') => {
    setError(null);
    const response = await fetch(endpoint, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ action }) });
    const body = await response.json().catch(() => null);
    if (!response.ok) setError(body?.error?.message ?? `HTTP ${response.status}`);
    else setStatus(body as LabStatus);
  };

  const button = 'rounded border border-zinc-300 px-3 py-1 text-sm disabled:opacity-50 dark:border-zinc-700';
  return (
    <section className="flex flex-wrap items-center gap-3 rounded-lg border border-dashed border-violet-400 p-3" data-testid="lab-panel">
      <span className="text-sm font-semibold text-violet-700 dark:text-violet-300">Lab (demo)</span>
      <button type="button" className={button} data-testid="lab-fragment" disabled={status?.fragmenting} onClick={() => void act('fragment')}>
        {status?.fragmenting ? 'Fragmenting…' : 'Fragment again'}
      </button>
      <button
        type="button"
        className={button}
        data-testid="lab-churn"
        data-state={status?.churning ? 'on' : 'off'}
        onClick={() => void act(status?.churning ? 'churn-stop' : 'churn-start')}
      >
        {status?.churning ? 'Stop churn' : 'Start churn'}
      </button>
      <span className="text-sm text-zinc-500" data-testid="lab-message">
        {error ?? status?.lastMessage ?? 'Writes go only to this throw-away lab server.'}
      </span>
    </section>
  );
}
