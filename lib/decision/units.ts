import { formatBytes as sharedFormatBytes, formatPercent as sharedFormatPercent, formatRatio as sharedFormatRatio } from '../format';
/** Memory units as Redis's `memtoull` reads them: k/m/g are powers of 1000, kb/mb/gb powers of 1024. */
const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 ** 2,
  mb: 1024 ** 2,
  g: 1000 ** 3,
  gb: 1024 ** 3,
};

/** Redis's limit for `active-defrag-ignore-bytes`; capped here where JS integers stay exact. */
const MAX_BYTES = Number.MAX_SAFE_INTEGER;

export type ParseResult = { ok: true; value: number } | { ok: false; error: string };

/**
 * Parses `200mb`, `1gb`, `1048576`, `64 KB` into bytes. Whole numbers only, like Redis (`1.5gb` is
 * refused there too); a space before the unit is tolerated.
 */
export function parseMemorySize(input: string): ParseResult {
  const text = input.trim().toLowerCase();
  if (text === '') return { ok: false, error: 'Enter a size, e.g. 100mb.' };
  const m = /^(\d+)\s*([a-z]*)$/.exec(text);
  if (!m) {
    if (/^-/.test(text)) return { ok: false, error: 'A size cannot be negative.' };
    if (/^\d*\.\d+\s*[a-z]*$/.test(text)) return { ok: false, error: 'Redis accepts whole numbers only: write 1536mb rather than 1.5gb.' };
    return { ok: false, error: `"${input.trim()}" is not a size: use a whole number with b, kb, mb or gb (e.g. 200mb).` };
  }
  const mul = UNITS[m[2] ?? ''];
  if (mul === undefined) return { ok: false, error: `Unknown unit "${m[2]}": use b, k, kb, m, mb, g or gb.` };
  const value = Number(m[1]) * mul;
  if (!Number.isSafeInteger(value) || value > MAX_BYTES) return { ok: false, error: 'That size is too large.' };
  return { ok: true, value };
}

/** Parses a whole number within [min, max] (Redis's integer configs refuse anything else). */
export function parseIntegerInRange(input: string, min: number, max: number): ParseResult {
  const text = input.trim();
  if (text === '') return { ok: false, error: 'Enter a number.' };
  if (!/^-?\d+$/.test(text)) return { ok: false, error: `"${text}" is not a whole number.` };
  const value = Number(text);
  if (value < min || value > max) return { ok: false, error: `Must be between ${min} and ${max} inclusive.` };
  return { ok: true, value };
}

// The decision model's text says "unknown" where the panels show a dash; one implementation.
export const formatBytes = (bytes: number | null): string => sharedFormatBytes(bytes, 'unknown');
export const formatPercent = (pct: number | null): string => sharedFormatPercent(pct, 'unknown');
export const formatRatio = (ratio: number | null): string => sharedFormatRatio(ratio, 'unknown');
