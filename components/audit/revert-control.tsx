'use client';

import { useState } from 'react';
import { ApplyOutcomeView, type ApplyOutcome } from '@/components/config/apply-outcome';
import { ConfigDiffTable } from '@/components/config/config-diff-table';
import { ConfirmName } from '@/components/config/confirm-name';
import { useAdmin } from '@/components/session/admin-store-provider';
import type { AuditEntry } from '@/lib/audit/api-schema';
import { getConfigView, revertAuditEntry } from '@/lib/client/admin-requests';
import { configDiff, effortRaises, type ConfigDiffRow } from '@/lib/config-params';
import { revertValues } from './audit-entries';

type Step = { step: 'idle' } | { step: 'checking' } | { step: 'confirm'; reasons: string[]; targetName: string; diff: ConfigDiffRow[] } | { step: 'sending' };

const BUTTON = 'rounded border px-2 py-0.5 text-xs font-semibold disabled:cursor-not-allowed disabled:opacity-50';

/**
 * One click sets the entry's parameters back to their values before it. The guard is judged against
 * what the server holds at the click (read fresh), so a revert that raises effort asks for the name.
 *
 * Mounted for every entry while signed in, the button only where the entry can be reverted: a
 * reverted entry cannot be reverted again, and the refreshed list says so, but the outcome of the
 * revert just made must stay on screen (it vanished with the control as the list came back).
 */
export function RevertControl({ entry, targetId, canRevert }: { entry: AuditEntry; targetId: string; canRevert: boolean }) {
  const bump = useAdmin((s) => s.bump);
  const [state, setState] = useState<Step>({ step: 'idle' });
  const [name, setName] = useState('');
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);

  const send = async () => {
    setState({ step: 'sending' });
    const result = await revertAuditEntry(entry.id);
    setOutcome(result.ok ? { kind: 'applied', result: result.data } : { kind: 'failed', failure: result });
    setState({ step: 'idle' });
    setName('');
    bump();
  };

  const start = async () => {
    setOutcome(null);
    setState({ step: 'checking' });
    const view = await getConfigView(targetId);
    if (!view.ok) {
      setOutcome({ kind: 'failed', failure: view });
      return setState({ step: 'idle' });
    }
    const current = view.data.values;
    const target = { ...current, ...revertValues(entry) };
    const reasons = effortRaises(current, entry.before);
    if (reasons.length === 0) return send();
    setState({ step: 'confirm', reasons, targetName: view.data.targetName, diff: configDiff(current, target) });
  };

  if (!canRevert && outcome === null) return null;
  return (
    <div className="grid gap-2">
      {!canRevert ? null : state.step === 'confirm' ? (
        <div className="grid gap-2" data-testid="audit-revert-confirm-panel">
          <ConfigDiffTable rows={state.diff} />
          <ConfirmName reasons={state.reasons} targetName={state.targetName} value={name} onChange={setName} testId="audit-revert-confirm-name" />
          <div className="flex gap-2">
            <button
              type="button"
              data-testid="audit-revert-confirm"
              disabled={name !== state.targetName}
              onClick={() => void send()}
              className={`${BUTTON} border-violet-700 bg-violet-700 text-white dark:bg-violet-500`}
            >
              Revert
            </button>
            <button type="button" data-testid="audit-revert-cancel" onClick={() => setState({ step: 'idle' })} className={`${BUTTON} border-zinc-400`}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <div>
          <button
            type="button"
            data-testid="audit-revert"
            disabled={state.step !== 'idle'}
            onClick={() => void start()}
            title="Set these parameters back to their values before this entry"
            className={`${BUTTON} border-zinc-400 hover:bg-zinc-100 dark:border-zinc-600 dark:hover:bg-zinc-800`}
          >
            {state.step === 'idle' ? '↶ Revert' : 'Reverting…'}
          </button>
        </div>
      )}
      {outcome ? <ApplyOutcomeView outcome={outcome} testId="audit-revert" /> : null}
    </div>
  );
}
