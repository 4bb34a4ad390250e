import type { ConfigView } from '@/lib/config-params/api-schema';
import {
  configDiff,
  effortRaises,
  findParam,
  presetChanges,
  validateChanges,
  type ConfigDiffRow,
  type CurrentConfig,
  type ParamSpec,
} from '@/lib/config-params';
import { bytesToInput } from '@/lib/decision/what-if';
import type { ConfigOverrides } from '@/lib/decision/types';

/**
 * The editor's draft: the text of each input the operator touched (untouched inputs show the
 * server's value). Everything here is pure and runs the same rules as the server.
 */
export type Edits = Record<string, string>;

export interface DraftEvaluation {
  /** Inputs whose text differs from what the server holds. */
  changed: Record<string, string>;
  /** Per-parameter problems (client-side validateChanges), and '_form' for the change as a whole. */
  errors: Record<string, string>;
  /** Exactly what CONFIG SET would get (Redis-ready), when the draft is valid. */
  normalized: Record<string, string> | null;
  /** Every parameter, current merged with the change (for the predicted tree). */
  effective: CurrentConfig | null;
  diff: ConfigDiffRow[];
  /** Non-empty: applying needs the target's name typed. */
  raises: string[];
}

/** The server's view as the facts validateChanges needs: identity and the names CONFIG GET returned. */
export function serverFacts(view: ConfigView) {
  return {
    server: { engine: view.engine, version: view.version },
    reported: view.access.configUnavailable ? undefined : new Set(Object.keys(view.values)),
  };
}

/** How an input shows a Redis-ready value: bytes as `100mb`, everything else as Redis spells it. */
export function inputText(spec: ParamSpec | undefined, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (spec?.kind === 'bytes' && /^\d+$/.test(value) && Number.isSafeInteger(Number(value))) return bytesToInput(Number(value));
  return value;
}

export function currentText(view: ConfigView, param: string): string {
  return inputText(findParam(param), view.values[param]);
}

export function evaluateDraft(edits: Edits, view: ConfigView): DraftEvaluation {
  const changed: Record<string, string> = {};
  for (const param of view.params) {
    const text = edits[param];
    if (text !== undefined && text.trim() !== currentText(view, param)) changed[param] = text;
  }
  const empty: DraftEvaluation = { changed, errors: {}, normalized: null, effective: null, diff: [], raises: [] };
  if (Object.keys(changed).length === 0) return empty;
  const { server, reported } = serverFacts(view);
  const result = validateChanges(changed, view.values, server, reported);
  if (!result.ok) return { ...empty, errors: result.errors };
  const after = { ...view.values, ...result.normalized };
  return {
    changed,
    errors: {},
    normalized: result.normalized,
    effective: result.effective,
    diff: configDiff(view.values, after),
    raises: effortRaises(view.values, after),
  };
}

/** A preset's values this server has, as input text, on top of the current values. */
export function presetEdits(presetId: string, view: ConfigView): Edits | null {
  const { server, reported } = serverFacts(view);
  const values = presetChanges(presetId, server, reported);
  if (!values) return null;
  return Object.fromEntries(Object.entries(values).map(([param, value]) => [param, inputText(findParam(param), value)]));
}

/** The what-if panel's typed overrides as editor input text. */
export function overridesToEdits(overrides: ConfigOverrides): Edits {
  const edits: Edits = {};
  for (const [param, value] of Object.entries(overrides)) {
    if (value === null || value === undefined) continue;
    edits[param] = typeof value === 'boolean' ? (value ? 'yes' : 'no') : inputText(findParam(param), String(value));
  }
  return edits;
}

/** "1–99 % CPU", "at least 1 byte, e.g. 100mb", "yes or no": the range the server enforces. */
export function rangeText(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'bool':
      return 'yes or no';
    case 'bytes':
      return `at least ${spec.min} byte${spec.min === 1 ? '' : 's'}; units kb, mb, gb (e.g. 200mb)`;
    case 'percent':
      return spec.name.includes('cycle') ? `${spec.min}–${spec.max} % CPU` : `${spec.min}–${spec.max} % fragmentation`;
    case 'micros':
      return `${spec.min}–${spec.max} µs`;
    case 'count':
      return `at least ${spec.min}, whole number`;
  }
}
