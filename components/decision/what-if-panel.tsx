'use client';

import { useId, useState } from 'react';
import { useHydrated } from '@/lib/client/use-hydrated';
import { paramSpec } from '@/lib/config-params';
import type { SnapshotConfig } from '@/lib/snapshot';
import type { ConfigOverrides } from '@/lib/decision/types';
import {
  activedefragOverride,
  inputsFromConfig,
  parseWhatIf,
  WHAT_IF_FIELDS,
  type WhatIfActivedefrag,
  type WhatIfField,
  type WhatIfInputs,
} from '@/lib/decision/what-if';

export interface WhatIfPanelProps {
  /** The server's current config: shown as placeholders; an empty input keeps that value. */
  config: SnapshotConfig;
  /** Called on every edit with the values that parse and differ from `config` (the page re-runs `decide`). */
  onChange: (overrides: ConfigOverrides) => void;
  /** When given, a button hands the (valid) overrides to the config editor. */
  onCarryToEditor?: (overrides: ConfigOverrides) => void;
  className?: string;
}

/** "0–1000": the catalogue's range, the one the parser enforces. */
const range = (f: WhatIfField) => `${paramSpec(f).min}–${paramSpec(f).max}`;

const LABELS: Record<WhatIfField, { label: string; hint: string }> = {
  'active-defrag-threshold-lower': { label: 'threshold-lower (%)', hint: `${range('active-defrag-threshold-lower')}; allocator frag % needed to start` },
  'active-defrag-threshold-upper': { label: 'threshold-upper (%)', hint: `${range('active-defrag-threshold-upper')}; where effort reaches cycle-max` },
  'active-defrag-ignore-bytes': { label: 'ignore-bytes', hint: 'e.g. 100mb, 1gb; fragmented bytes needed to start' },
  'active-defrag-cycle-min': { label: 'cycle-min (% CPU)', hint: range('active-defrag-cycle-min') },
  'active-defrag-cycle-max': { label: 'cycle-max (% CPU)', hint: range('active-defrag-cycle-max') },
};

const EMPTY: WhatIfInputs = Object.fromEntries(WHAT_IF_FIELDS.map((f) => [f, ''])) as WhatIfInputs;

export function WhatIfPanel({ config, onChange, onCarryToEditor, className = '' }: WhatIfPanelProps) {
  const id = useId();
  // Disabled until hydrated: a value picked before React runs would be reset by it.
  const hydrated = useHydrated();
  const [inputs, setInputs] = useState<WhatIfInputs>(EMPTY);
  // While activedefrag is off every other what-if answer is "will not run": it can be tried too.
  const [defrag, setDefrag] = useState<WhatIfActivedefrag>('');
  const parsed = parseWhatIf(inputs, config);
  const result = { ...parsed, overrides: { ...parsed.overrides, ...activedefragOverride(defrag, config) } };
  const current = inputsFromConfig(config);
  const changed = Object.keys(result.overrides).length > 0;
  const currentDefrag = config.activedefrag === null ? 'unknown' : config.activedefrag ? 'yes' : 'no';

  function edit(field: WhatIfField, value: string) {
    const next = { ...inputs, [field]: value };
    setInputs(next);
    onChange({ ...parseWhatIf(next, config).overrides, ...activedefragOverride(defrag, config) });
  }

  function editDefrag(value: WhatIfActivedefrag) {
    setDefrag(value);
    onChange({ ...parseWhatIf(inputs, config).overrides, ...activedefragOverride(value, config) });
  }

  function reset() {
    setInputs(EMPTY);
    setDefrag('');
    onChange({});
  }

  return (
    <form
      data-testid="what-if-panel"
      onSubmit={(e) => e.preventDefault()}
      className={`rounded-lg border border-slate-300 p-3 text-slate-900 dark:border-slate-600 dark:text-slate-100 ${className}`}
    >
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">What if…</h3>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">Nothing is sent to the server. Empty fields keep the current value.</p>
      <fieldset disabled={!hydrated} className="min-w-0" data-testid="what-if-controls">
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor={`${id}-activedefrag`} className="text-sm font-medium">
              activedefrag
            </label>
            <select
              id={`${id}-activedefrag`}
              data-testid="what-if-input-activedefrag"
              value={defrag}
              onChange={(e) => editDefrag(e.target.value as WhatIfActivedefrag)}
              className="rounded border border-slate-400 bg-white px-2 py-1 font-mono text-sm dark:border-slate-600 dark:bg-slate-900"
            >
              <option value="">current ({currentDefrag})</option>
              <option value="yes">yes</option>
              <option value="no">no</option>
            </select>
            <span className="text-xs text-slate-500 dark:text-slate-400">current {currentDefrag} · try defrag on before switching it on</span>
          </div>
          {WHAT_IF_FIELDS.map((f) => {
            const error = result.fieldErrors[f];
            const inputId = `${id}-${f}`;
            return (
              <div key={f} className="flex flex-col gap-1">
                <label htmlFor={inputId} className="text-sm font-medium">
                  {LABELS[f].label}
                </label>
                <input
                  id={inputId}
                  data-testid={`what-if-input-${f}`}
                  value={inputs[f]}
                  placeholder={current[f] || 'unknown'}
                  inputMode={f === 'active-defrag-ignore-bytes' ? 'text' : 'numeric'}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${inputId}-hint`}
                  onChange={(e) => edit(f, e.target.value)}
                  className={`rounded border bg-white px-2 py-1 font-mono text-sm dark:bg-slate-900 ${
                    error ? 'border-2 border-red-600 dark:border-red-400' : 'border-slate-400 dark:border-slate-600'
                  }`}
                />
                <span
                  id={`${inputId}-hint`}
                  className={`text-xs ${error ? 'font-semibold text-red-700 dark:text-red-300' : 'text-slate-500 dark:text-slate-400'}`}
                >
                  {error ? (
                    <span data-testid={`what-if-error-${f}`} role="alert">
                      ✗ {error}
                    </span>
                  ) : (
                    `current ${current[f] || 'unknown'} · ${LABELS[f].hint}`
                  )}
                </span>
              </div>
            );
          })}
        </div>
        {result.problems.length > 0 && (
          <ul data-testid="what-if-problems" role="alert" className="mt-3 list-none text-sm font-semibold text-red-700 dark:text-red-300">
            {result.problems.map((p) => (
              <li key={p}>✗ {p}</li>
            ))}
          </ul>
        )}
        <div className="mt-3 flex flex-wrap gap-2">
          <button
            type="button"
            data-testid="what-if-reset"
            onClick={reset}
            className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-500 dark:hover:bg-slate-800"
          >
            Reset
          </button>
          {onCarryToEditor && (
            <button
              type="button"
              data-testid="what-if-carry"
              disabled={!changed || !result.valid}
              title={!result.valid ? 'Fix the invalid values first' : !changed ? 'Change a value first' : undefined}
              onClick={() => onCarryToEditor(result.overrides)}
              className="rounded bg-violet-700 px-3 py-1 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 dark:bg-violet-600"
            >
              Carry to config editor →
            </button>
          )}
        </div>
      </fieldset>
    </form>
  );
}
