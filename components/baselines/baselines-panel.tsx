'use client';

import { useState } from 'react';
import { createBaseline, deleteBaseline } from '@/lib/client/baselines-requests';
import type { ApiFailure, ApiResult } from '@/lib/client/request-json';
import { BaselineRow } from './baseline-row';
import { comparisonOneLiner } from './baseline-text';
import { BaselinesError } from './baselines-error';
import { CaptureForm } from './capture-form';
import { useBaselines } from './use-baselines';

export interface BaselinesPanelProps {
  targetId: string;
  /** Refetch when this changes (the dashboard's session revision), besides every ~10 s and after actions. */
  refreshKey?: number;
}

/**
 * BASELINES: named snapshots to compare with later. Anyone sees the list and the comparisons;
 * capturing and deleting need a signed-in operator, and otherwise the panel says why not.
 */
export function BaselinesPanel({ targetId, refreshKey = 0 }: BaselinesPanelProps) {
  const { list, failure, newestVsNow, reload } = useBaselines(targetId, refreshKey);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<ApiFailure | null>(null);

  const act = async (key: string, call: () => Promise<ApiResult<unknown>>): Promise<boolean> => {
    setPending(key);
    setError(null);
    const result = await call();
    setPending(null);
    if (!result.ok) setError(result);
    reload();
    return result.ok;
  };

  const writable = list?.access.allowed ?? false;
  const newestId = list?.baselines[0]?.id;
  return (
    <section className="grid gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="baselines-panel" data-writable={writable}>
      <div className="flex flex-wrap items-baseline gap-x-4">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Baselines</h2>
        <span className="text-xs text-zinc-500">
          {list ? `${list.baselines.length} baseline${list.baselines.length === 1 ? '' : 's'}, newest first` : 'loading…'} · compare one with now, another
          baseline, or the end of a defrag run
        </span>
      </div>
      {failure ? <BaselinesError kind="load" failure={failure} prefix="Cannot read the baselines:" /> : null}
      {list && writable ? (
        <CaptureForm pending={pending === 'capture'} onCapture={(name, note) => act('capture', () => createBaseline(targetId, name, note))} />
      ) : null}
      {list && !writable ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="baselines-readonly-reason">
          Read-only: {list.access.reason ?? 'capturing and deleting are not allowed here'}
        </p>
      ) : null}
      {error ? <BaselinesError kind="action" failure={error} prefix={`Refused (HTTP ${error.status}):`} /> : null}
      {list && list.baselines.length === 0 ? (
        <p className="text-sm text-zinc-500" data-testid="baselines-empty">
          No baselines yet. {writable ? 'Capture one before a change, to compare with afterwards.' : ''}
        </p>
      ) : null}
      <ul className="grid">
        {list?.baselines.map((b) => (
          <BaselineRow
            key={b.id}
            baseline={b}
            vsNow={b.id === newestId && newestVsNow?.baseline.id === b.id ? comparisonOneLiner(newestVsNow) : null}
            canDelete={writable}
            deleting={pending === b.id}
            onDelete={() => void act(b.id, () => deleteBaseline(targetId, b.id))}
          />
        ))}
      </ul>
    </section>
  );
}
