'use client';

import { useState } from 'react';
import { labUrl, postLabAction } from '@/lib/client/lab-requests';
import { useResource } from '@/lib/client/use-resource';
import { labStatusSchema, type LabAction } from '@/lib/lab/api-schema';

const REFRESH_MS = 2000;

/** Demo only: fragment the lab server again, churn on/off. Talks to /api/targets/{id}/lab. */
export function LabPanel({ targetId }: { targetId: string }) {
  const { data: status, refresh } = useResource(labUrl(targetId), labStatusSchema, { pollMs: REFRESH_MS });
  const [error, setError] = useState<string | null>(null);

  const act = async (action: LabAction) => {
    setError(null);
    const result = await postLabAction(targetId, action);
    if (!result.ok) setError(result.message);
    // The answer holds the new status; reading it again shows it through the one resource.
    else refresh();
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
