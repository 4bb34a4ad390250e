'use client';

import { useId } from 'react';
import type { ParamSpec } from '@/lib/config-params';
import { rangeText } from './draft';

export interface ParamFieldProps {
  spec: ParamSpec;
  /** The server's value as input text ('' when unknown). */
  current: string;
  /** What the input shows now. */
  value: string;
  error: string | null;
  disabled: boolean;
  onChange: (value: string) => void;
}

const INPUT =
  'w-full rounded border bg-white px-2 py-1 font-mono text-sm disabled:cursor-not-allowed disabled:bg-zinc-100 dark:bg-zinc-900 dark:disabled:bg-zinc-800';

/** One parameter: its label and name, the server's value, the input, its range and what it does. */
export function ParamField({ spec, current, value, error, disabled, onChange }: ParamFieldProps) {
  const id = useId();
  const changed = value.trim() !== current;
  const border = error
    ? 'border-2 border-red-600 dark:border-red-400'
    : changed
      ? 'border-violet-600 dark:border-violet-400'
      : 'border-zinc-300 dark:border-zinc-700';
  const common = {
    id,
    disabled,
    'data-testid': `config-input-${spec.name}`,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': `${id}-help`,
    className: `${INPUT} ${border}`,
  };
  return (
    <div className="flex flex-col gap-1" data-testid={`config-param-${spec.name}`} data-changed={changed}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <label htmlFor={id} className="text-sm font-medium">
          {spec.label} <code className="text-xs font-normal text-zinc-500">{spec.name}</code>
        </label>
        <span className="text-xs text-zinc-500">
          now{' '}
          <span className="font-mono text-zinc-800 dark:text-zinc-200" data-testid={`config-current-${spec.name}`}>
            {current || 'unknown'}
          </span>
          {changed ? <span className="ml-2 font-semibold text-violet-700 dark:text-violet-300">● changed</span> : null}
        </span>
      </div>
      {spec.kind === 'bool' ? (
        <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
          {value === '' ? <option value="">unknown</option> : null}
          <option value="yes">yes</option>
          <option value="no">no</option>
        </select>
      ) : (
        <input {...common} value={value} inputMode={spec.kind === 'bytes' ? 'text' : 'numeric'} spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      )}
      <p id={`${id}-help`} className="text-xs text-zinc-500 dark:text-zinc-400">
        <span className="font-medium">{rangeText(spec)}.</span> {spec.help}
      </p>
      {error ? (
        <p role="alert" className="text-xs font-semibold text-red-700 dark:text-red-300" data-testid={`config-field-error-${spec.name}`}>
          ✗ {error}
        </p>
      ) : null}
    </div>
  );
}
