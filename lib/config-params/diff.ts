import { bytesToInput } from '../decision/what-if';
import { CONFIG_NUMBER_FIELDS, type SnapshotConfig } from '../snapshot';
import { DEFRAG_PARAMS, type ParamSpec } from './catalogue';
import { boolOf, integerOf, sameValue, type CurrentConfig } from './values';

/**
 * The editor's two representations of a config: Redis-ready strings (what CONFIG GET/SET speak)
 * and the snapshot's typed form (what the decision model reads), plus the before/after table an
 * operator confirms.
 */

export interface ConfigDiffRow {
  param: string;
  before: string | null;
  after: string | null;
  beforeText: string;
  afterText: string;
}

/** Changed parameters only, in catalogue order. A value becoming (or ceasing to be) unknown is a change. */
export function configDiff(before: CurrentConfig, after: CurrentConfig): ConfigDiffRow[] {
  const rows: ConfigDiffRow[] = [];
  for (const spec of DEFRAG_PARAMS) {
    const b = before[spec.name] ?? null;
    const a = after[spec.name] ?? null;
    if ((b === null && a === null) || sameValue(spec.kind, b, a)) continue;
    rows.push({ param: spec.name, before: b, after: a, beforeText: valueText(spec, b), afterText: valueText(spec, a) });
  }
  return rows;
}

/** How the editor shows one Redis-ready value: `100mb`, `25 %`, `yes`, `500 µs`. */
export function valueText(spec: ParamSpec, value: string | null): string {
  if (value === null) return 'unknown';
  if (spec.kind === 'bool') return boolOf(value) === null ? value : value.trim().toLowerCase();
  const n = integerOf(value);
  if (n === null) return value;
  switch (spec.kind) {
    case 'bytes':
      return n >= 0n && n <= BigInt(Number.MAX_SAFE_INTEGER) ? bytesToInput(Number(n)) : `${n} bytes`;
    case 'percent':
      return `${n} %`;
    case 'micros':
      return `${n} µs`;
    case 'count':
      return n.toString();
  }
}

/** The snapshot's typed config as Redis-ready strings (null stays null: unknown). */
export function toCurrentConfig(config: SnapshotConfig): CurrentConfig {
  const out: CurrentConfig = { activedefrag: config.activedefrag === null ? null : config.activedefrag ? 'yes' : 'no' };
  for (const f of CONFIG_NUMBER_FIELDS) out[f] = numberToText(config[f]);
  return out;
}

/**
 * Redis-ready values back into the typed form, for `decide(snapshot, overrides)`. Unknown or
 * unreadable values are left out rather than set to null, so the snapshot's own value stands.
 */
export function toOverrides(effective: CurrentConfig): Partial<SnapshotConfig> {
  const out: Partial<SnapshotConfig> = {};
  const on = boolOf(effective['activedefrag']);
  if (on !== null) out.activedefrag = on;
  for (const f of CONFIG_NUMBER_FIELDS) {
    const n = integerOf(effective[f]);
    if (n !== null) out[f] = Number(n);
  }
  return out;
}

function numberToText(n: number | null): string | null {
  if (n === null || !Number.isFinite(n)) return null;
  // BigInt keeps a large integer in plain digits (String(1e21) would be "1e+21", which Redis refuses).
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}
