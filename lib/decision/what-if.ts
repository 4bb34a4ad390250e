import type { SnapshotConfig } from '../snapshot';
import type { ConfigOverrides } from './types';
import { parseIntegerInRange, parseMemorySize, type ParseResult } from './units';

/** The config values the what-if panel lets an operator try, with Redis's own ranges. */
export const WHAT_IF_FIELDS = [
  'active-defrag-threshold-lower',
  'active-defrag-threshold-upper',
  'active-defrag-ignore-bytes',
  'active-defrag-cycle-min',
  'active-defrag-cycle-max',
] as const;
export type WhatIfField = (typeof WHAT_IF_FIELDS)[number];
export type WhatIfInputs = Record<WhatIfField, string>;

const PARSERS: Record<WhatIfField, (s: string) => ParseResult> = {
  'active-defrag-threshold-lower': (s) => parseIntegerInRange(s, 0, 1000),
  'active-defrag-threshold-upper': (s) => parseIntegerInRange(s, 0, 1000),
  'active-defrag-ignore-bytes': (s) => {
    const r = parseMemorySize(s);
    return r.ok && r.value < 1 ? { ok: false, error: 'Must be at least 1 byte.' } : r;
  },
  'active-defrag-cycle-min': (s) => parseIntegerInRange(s, 1, 99),
  'active-defrag-cycle-max': (s) => parseIntegerInRange(s, 1, 99),
};

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
  for (const [unit, size] of [['gb', 1024 ** 3], ['mb', 1024 ** 2], ['kb', 1024]] as const) {
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
    const r = PARSERS[f](inputs[f]);
    if (!r.ok) {
      fieldErrors[f] = r.error;
      continue;
    }
    effective[f] = r.value;
    if (r.value !== base[f]) overrides[f] = r.value;
  }
  const problems: string[] = [];
  const lower = effective['active-defrag-threshold-lower'];
  const upper = effective['active-defrag-threshold-upper'];
  const min = effective['active-defrag-cycle-min'];
  const max = effective['active-defrag-cycle-max'];
  if (lower !== null && upper !== null && upper === lower) {
    problems.push('threshold-upper must differ from threshold-lower: equal values divide by zero inside Redis and make the effort undefined.');
  } else if (lower !== null && upper !== null && upper < lower) {
    problems.push('threshold-upper is below threshold-lower: Redis accepts it, but defrag then always runs at cycle-min.');
  }
  if (min !== null && max !== null && min > max) {
    problems.push('cycle-min is above cycle-max: Redis accepts it, but defrag then runs at cycle-min.');
  }
  return { overrides, fieldErrors, problems, valid: Object.keys(fieldErrors).length === 0 && problems.length === 0 };
}

function pick(config: SnapshotConfig): Record<WhatIfField, number | null> {
  return Object.fromEntries(WHAT_IF_FIELDS.map((f) => [f, config[f]])) as Record<WhatIfField, number | null>;
}
