'use client';

import { ConfirmName } from './confirm-name';

export interface ApplyControlsProps {
  raises: string[];
  targetName: string;
  confirmName: string;
  onConfirmName: (value: string) => void;
  rewrite: boolean;
  onRewrite: (value: boolean) => void;
  /** INFO server `config_file`; null: CONFIG REWRITE will fail. */
  configFile: string | null;
  /** Why apply is not possible yet, or null. */
  blocked: string | null;
  pending: boolean;
  onApply: () => void;
}

/** Typed confirmation when effort rises, the CONFIG REWRITE option, and the apply button. */
export function ApplyControls(props: ApplyControlsProps) {
  const { raises, targetName, confirmName, rewrite, configFile, blocked, pending } = props;
  const needsName = raises.length > 0 && confirmName !== targetName;
  const disabled = pending || blocked !== null || needsName;
  return (
    <div className="grid gap-3">
      {raises.length > 0 ? (
        <ConfirmName reasons={raises} targetName={targetName} value={confirmName} onChange={props.onConfirmName} testId="config-confirm-name" />
      ) : null}
      <div className="flex flex-col gap-1 text-sm">
        <label className="flex items-center gap-2">
          <input type="checkbox" data-testid="config-rewrite" checked={rewrite} onChange={(e) => props.onRewrite(e.target.checked)} />
          also CONFIG REWRITE (persist to {configFile ? <code>{configFile}</code> : 'the config file'})
        </label>
        {configFile === null ? (
          <p
            className={`text-xs ${rewrite ? 'font-semibold text-red-700 dark:text-red-300' : 'text-amber-800 dark:text-amber-300'}`}
            data-testid="config-rewrite-warning"
          >
            ⚠ This server runs without a config file: CONFIG REWRITE will fail, and the change lasts only until the server restarts.
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          data-testid="config-apply"
          disabled={disabled}
          onClick={props.onApply}
          className="rounded bg-violet-700 px-4 py-1.5 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 dark:bg-violet-500"
        >
          {pending ? 'Applying…' : 'Apply to server'}
        </button>
        {blocked ? (
          <span className="text-xs text-zinc-500">{blocked}</span>
        ) : needsName ? (
          <span className="text-xs text-zinc-500">Type the target name above to enable.</span>
        ) : null}
      </div>
    </div>
  );
}
