'use client';

import { useEffect, useMemo, useRef, useState } from 'react';
import { useDashboard } from '@/components/dashboard/dashboard-store-provider';
import { useAdmin } from '@/components/session/admin-store-provider';
import { applyClusterConfig, applyConfig, configUrl } from '@/lib/client/admin-requests';
import { useResource } from '@/lib/client/use-resource';
import { configViewSchema } from '@/lib/config-params/api-schema';
import type { ClusterApplyResult } from '@/lib/fleet/api-schema';
import { findParam } from '@/lib/config-params';
import { AccessNotes } from './access-notes';
import { ApplyControls } from './apply-controls';
import { ApplyOutcomeView, type ApplyOutcome } from './apply-outcome';
import { ClusterOutcomeView, ClusterScopePicker, type ClusterScope } from './cluster-scope';
import { ConfigDiffTable } from './config-diff-table';
import { currentText, evaluateDraft, presetEdits, type Edits } from './draft';
import { ParamField } from './param-field';
import { PredictedDecision } from './predicted-decision';
import { PresetPicker } from './preset-picker';

/**
 * The runtime-config editor: the server's values, a draft checked by the same rules as the server,
 * the diff and the predicted decision tree, a typed confirmation when effort rises, and the values
 * read back after the apply. Read-only viewers see the same values with the reason they cannot edit.
 */
export function ConfigEditor({ targetId }: { targetId: string }) {
  // Read again after every write and sign-in or out (the revision): access and values change.
  const revision = useAdmin((s) => s.revision);
  const { data: view, error: failure } = useResource(configUrl(targetId), configViewSchema, { refreshKey: revision });
  const snapshot = useDashboard((s) => s.lastOk);
  const carried = useAdmin((s) => s.carried);
  const bump = useAdmin((s) => s.bump);
  const clearCarried = useAdmin((s) => s.clearCarried);
  const [edits, setEdits] = useState<Edits>({});
  const [presetId, setPresetId] = useState('');
  const [confirmName, setConfirmName] = useState('');
  const [rewrite, setRewrite] = useState(false);
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<ApplyOutcome | null>(null);
  const [scope, setScope] = useState<ClusterScope>('node');
  const [clusterOutcome, setClusterOutcome] = useState<ClusterApplyResult | null>(null);
  const [pending, setPending] = useState(false);
  const sectionRef = useRef<HTMLElement>(null);

  // "Carry to config editor" from the what-if panel: its values on top of the draft, applied while
  // rendering (React's pattern for state that follows a prop), then the editor scrolls into view.
  // Carrying opens the config view, so the editor often mounts with the values already waiting:
  // it starts from null to take them, and clears them once taken.
  const [seenCarried, setSeenCarried] = useState<typeof carried>(null);
  if (carried !== seenCarried) {
    setSeenCarried(carried);
    if (carried) {
      setEdits((e) => ({ ...e, ...carried.values }));
      setPresetId('');
    }
  }
  useEffect(() => {
    if (!carried) return;
    sectionRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    clearCarried();
  }, [carried, clearCarried]);

  const draft = useMemo(() => (view ? evaluateDraft(edits, view) : null), [edits, view]);
  const writable = view?.access.allowed ?? false;

  const edit = (param: string, value: string) => {
    setEdits((e) => ({ ...e, [param]: value }));
    setServerFields(({ [param]: _dropped, ...rest }) => rest);
  };
  const pickPreset = (id: string) => {
    setPresetId(id);
    if (view) setEdits(presetEdits(id, view) ?? {});
    setServerFields({});
  };
  const reset = () => {
    setEdits({});
    setPresetId('');
    setConfirmName('');
    setServerFields({});
  };
  const apply = async () => {
    if (!draft?.normalized) return;
    setPending(true);
    setClusterOutcome(null);
    if (scope !== 'node' && view?.cluster) {
      const clusterResult = await applyClusterConfig(view.cluster.id, draft.normalized, rewrite, scope);
      setPending(false);
      if (clusterResult.ok) {
        setOutcome(null);
        setClusterOutcome(clusterResult.data);
        reset();
      } else {
        setOutcome({ kind: 'failed', failure: clusterResult });
        setServerFields(clusterResult.fields ?? {});
      }
      bump();
      return;
    }
    const result = await applyConfig(targetId, draft.normalized, rewrite);
    setPending(false);
    if (result.ok) {
      setOutcome({ kind: 'applied', result: result.data });
      reset();
    } else {
      setOutcome({ kind: 'failed', failure: result });
      setServerFields(result.fields ?? {});
    }
    bump(); // refused and invalid attempts are audited too
  };

  const hasErrors = draft !== null && Object.keys(draft.errors).some((k) => k !== '_form');
  const blocked = hasErrors ? 'Fix the invalid values first.' : !draft?.normalized ? 'Change a value or pick a preset first.' : null;

  return (
    <section
      ref={sectionRef}
      className="grid gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="config-editor"
      data-writable={writable}
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Config{writable ? '' : ' (read-only)'}</h2>
        {view ? (
          <span className="text-xs text-zinc-500">
            {view.targetName} · {view.engine ?? 'unknown engine'} {view.version ?? ''} · config file {view.configFile ? <code>{view.configFile}</code> : 'none'}
          </span>
        ) : null}
      </div>
      {failure ? (
        <p role="alert" className="text-sm font-semibold text-red-700 dark:text-red-300" data-testid="config-load-error">
          ✗ Cannot read the server&apos;s config{view ? ' (showing the last values read)' : ''}: {failure.message}
        </p>
      ) : null}
      {!view ? (
        failure ? null : (
          <p className="text-sm text-zinc-500">Reading the server&apos;s config…</p>
        )
      ) : (
        <>
          <AccessNotes view={view} />
          <div className="flex flex-wrap items-end justify-between gap-3">
            <PresetPicker value={presetId} disabled={!writable} onPick={pickPreset} />
            {writable ? (
              <button
                type="button"
                data-testid="config-reset"
                onClick={reset}
                className="rounded border border-zinc-300 px-3 py-1 text-sm hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                Reset to the server&apos;s values
              </button>
            ) : null}
          </div>
          <div className="grid gap-4 md:grid-cols-2">
            {view.params.map((param) => {
              const spec = findParam(param);
              if (!spec) return null;
              const current = currentText(view, param);
              return (
                <ParamField
                  key={param}
                  spec={spec}
                  current={current}
                  value={edits[param] ?? current}
                  error={draft?.errors[param] ?? serverFields[param] ?? null}
                  disabled={!writable || pending}
                  onChange={(value) => edit(param, value)}
                />
              );
            })}
          </div>
          {draft?.errors._form ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="config-form-error">
              {draft.errors._form}
            </p>
          ) : null}
          {draft && draft.diff.length > 0 && draft.effective ? (
            <>
              <ConfigDiffTable rows={draft.diff} />
              <PredictedDecision snapshot={snapshot} effective={draft.effective} />
            </>
          ) : null}
          {writable && view.cluster ? <ClusterScopePicker cluster={view.cluster} value={scope} disabled={pending} onChange={setScope} /> : null}
          {writable ? (
            <ApplyControls
              raises={draft?.raises ?? []}
              targetName={scope !== 'node' && view.cluster ? view.cluster.name : view.targetName}
              confirmName={confirmName}
              onConfirmName={setConfirmName}
              rewrite={rewrite}
              onRewrite={setRewrite}
              configFile={view.configFile}
              blocked={blocked}
              pending={pending}
              onApply={() => void apply()}
            />
          ) : null}
        </>
      )}
      {outcome ? <ApplyOutcomeView outcome={outcome} /> : null}
      {clusterOutcome ? <ClusterOutcomeView result={clusterOutcome} /> : null}
    </section>
  );
}
