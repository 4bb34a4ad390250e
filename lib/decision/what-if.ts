import { paramSpec } from '../config-params/catalogue';
import { pairProblems } from '../config-params/cross-rules';
import { parseParamValue } from '../config-params/parse-value';
import type { SnapshotConfig } from '../snapshot';
import type { ConfigOverrides } from './types';
import type { ParseResult } from './units';

/** The config values the what-if panel lets an operator try; ranges and pair rules are the editor's (lib/config-params). */
export const WHAT_IF_FIELDS = [
  'active-defrag-threshold-lower',
  'active-defrag-threshold-upper',
  'active-defrag-ignore-bytes',
  'active-defrag-cycle-min',
  'active-defrag-cycle-max',
] as const;
export type WhatIfField = (typeof WHAT_IF_FIELDS)[number];
export type WhatIfInputs = Record<WhatIfField, string>;

/** One input, checked exactly as the config editor checks it (same ranges, same messages). */
function parseField(field: WhatIfField, text: string): ParseResult {
  const r = parseParamValue(paramSpec(field), text);
  return r.ok ? { ok: true, value: Number(r.value) } : r;
}

export interface WhatIfResult {
  /** Only the values that parse and differ from the base config. */
  overrides: ConfigOverrides;
  fieldErrors: Partial<Record<WhatIfField, string>>;
  /** Combinations Redis accepts but should not be given (it never cross-checks them). */
  problems: string[];
  valid: boolean;
}

/** 104857600 -> "100mb"; anything not a whole number of kb/mb/gb stays in bytes. */
export function bytesToInput(bytes: number): string {
  for (const [unit, size] of [
    ['gb', 1024 ** 3],
    ['mb', 1024 ** 2],
    ['kb', 1024],
  ] as const) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

export function inputsFromConfig(config: SnapshotConfig): WhatIfInputs {
  const out = {} as WhatIfInputs;
  for (const f of WHAT_IF_FIELDS) {
    const v = config[f];
    out[f] = v === null ? '' : f === 'active-defrag-ignore-bytes' ? bytesToInput(v) : String(v);
  }
  return out;
}

/** Parses the panel's text inputs against the current config. An empty input means "keep the current value". */
export function parseWhatIf(inputs: WhatIfInputs, base: SnapshotConfig): WhatIfResult {
  const overrides: ConfigOverrides = {};
  const fieldErrors: WhatIfResult['fieldErrors'] = {};
  const effective: Record<WhatIfField, number | null> = { ...pick(base) };
  for (const f of WHAT_IF_FIELDS) {
    if (inputs[f].trim() === '') continue;
    const r = parseField(f, inputs[f]);
    if (!r.ok) {
      fieldErrors[f] = r.error;
      continue;
    }
    effective[f] = r.value;
    if (r.value !== base[f]) overrides[f] = r.value;
  }
  const problems = pairProblems((p) => (isWhatIfField(p) ? effective[p] : null)).map((p) => p.message);
  return { overrides, fieldErrors, problems, valid: Object.keys(fieldErrors).length === 0 && problems.length === 0 };
}

function isWhatIfField(name: string): name is WhatIfField {
  return (WHAT_IF_FIELDS as readonly string[]).includes(name);
}

function pick(config: SnapshotConfig): Record<WhatIfField, number | null> {
  return Object.fromEntries(WHAT_IF_FIELDS.map((f) => [f, config[f]])) as Record<WhatIfField, number | null>;
}

/** The what-if `activedefrag` choice: '' keeps the server's value. */
export type WhatIfActivedefrag = '' | 'yes' | 'no';

/** The `activedefrag` override for a choice: none when it keeps the current value or equals it. */
export function activedefragOverride(choice: WhatIfActivedefrag, base: SnapshotConfig): ConfigOverrides {
  if (choice === '') return {};
  const value = choice === 'yes';
  return value === base.activedefrag ? {} : { activedefrag: value };
}
