import { parseIntegerInRange, parseMemorySize } from '../decision/units';
import type { ParamSpec } from './catalogue';

/**
 * Turns one value an operator typed (or a JSON client sent) into the Redis-ready string CONFIG SET
 * will get. Stricter than Redis where Redis is surprising: booleans are yes/no only.
 */

export type RawValue = string | number | boolean;
export type ParsedValue = { ok: true; value: string } | { ok: false; error: string };

export function parseParamValue(spec: ParamSpec, raw: unknown): ParsedValue {
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    return fail('Must be a string, number or boolean.');
  }
  if (spec.kind === 'bool') return parseBool(raw);
  if (typeof raw === 'boolean') return fail(`Expects ${spec.kind === 'bytes' ? 'a size' : 'a number'}, not ${raw}.`);
  return spec.kind === 'bytes' ? parseBytes(spec, raw) : parseInteger(spec, raw);
}

function parseBool(raw: string | number | boolean): ParsedValue {
  if (typeof raw === 'boolean') return { ok: true, value: raw ? 'yes' : 'no' };
  // Redis also takes nothing but yes/no here; '1'/'on' are refused so no one learns a dialect.
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (text === 'yes' || text === 'no') return { ok: true, value: text };
  return fail(`Must be yes or no (got "${String(raw).slice(0, 32)}").`);
}

function parseBytes(spec: ParamSpec, raw: string | number): ParsedValue {
  let bytes: number;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || !Number.isInteger(raw)) return fail('Redis accepts whole numbers of bytes only.');
    if (raw < 0) return fail('A size cannot be negative.');
    bytes = raw;
  } else {
    const r = parseMemorySize(raw);
    if (!r.ok) return fail(r.error);
    bytes = r.value;
  }
  if (bytes < spec.min) return fail(`Must be at least ${spec.min} byte.`);
  if (bytes > spec.max) return fail(`Must be at most ${spec.max} bytes.`);
  return { ok: true, value: String(bytes) };
}

function parseInteger(spec: ParamSpec, raw: string | number): ParsedValue {
  if (typeof raw === 'string') {
    const r = parseIntegerInRange(raw, spec.min, spec.max);
    return r.ok ? { ok: true, value: String(r.value) } : fail(r.error);
  }
  if (!Number.isFinite(raw) || !Number.isInteger(raw)) return fail(`${String(raw)} is not a whole number.`);
  if (raw < spec.min || raw > spec.max) return fail(`Must be between ${spec.min} and ${spec.max} inclusive.`);
  // `-0` would otherwise reach Redis as "0" anyway; normalise the spelling here.
  return { ok: true, value: String(raw === 0 ? 0 : raw) };
}

function fail(error: string): ParsedValue {
  return { ok: false, error };
}
