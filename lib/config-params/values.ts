import type { ParamKind } from './catalogue';

/**
 * Comparing and reading Redis-ready values. Values may come from CONFIG GET of a server the editor did
 * not configure, so integers can exceed 2^53 (Redis allows 2^63-1): compare them as bigints.
 */

/** Redis-ready strings as CONFIG GET returns them ('yes'/'no', bytes as an integer string); null = unknown. */
export type CurrentConfig = Record<string, string | null>;

const INTEGER = /^-?\d+$/;

/** The integer in a Redis-ready string, or null when it is not one. */
export function integerOf(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  return INTEGER.test(text) ? BigInt(text) : null;
}

/** One spelling per value, so `'YES'`/`'yes'` and `'007'`/`'7'` compare equal. */
export function canonical(kind: ParamKind, value: string): string {
  if (kind === 'bool') return value.trim().toLowerCase();
  const n = integerOf(value);
  return n === null ? value.trim() : n.toString();
}

/** Equal values; an unknown (null) value is equal to nothing, not even another unknown. */
export function sameValue(kind: ParamKind, a: string | null | undefined, b: string | null | undefined): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  return canonical(kind, a) === canonical(kind, b);
}

/** 'yes' -> true, 'no' -> false, anything else (or unknown) -> null. */
export function boolOf(value: string | null | undefined): boolean | null {
  const text = value?.trim().toLowerCase();
  return text === 'yes' ? true : text === 'no' ? false : null;
}
