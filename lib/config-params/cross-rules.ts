import type { DefragParam } from './catalogue';
import { integerOf, type CurrentConfig } from './values';

/**
 * Combinations Redis accepts without a word (facts §4) but that make its effort formula misbehave.
 * The one list: the config editor and its API refuse them, the what-if panel warns about them.
 */

interface PairRule {
  low: DefragParam;
  high: DefragParam;
  /** The problem with these values, or null when they are fine. */
  check(low: bigint, high: bigint): string | null;
}

const RULES: readonly PairRule[] = [
  {
    low: 'active-defrag-threshold-lower',
    high: 'active-defrag-threshold-upper',
    check: (lower, upper) =>
      upper === lower
        ? `threshold-upper must differ from threshold-lower (both ${lower} %): equal values divide by zero inside Redis and make the effort undefined.`
        : upper < lower
          ? `threshold-upper (${upper} %) is below threshold-lower (${lower} %): Redis accepts it, but defrag then always runs at cycle-min and never scales its effort. Keep threshold-lower below threshold-upper.`
          : null,
  },
  {
    low: 'active-defrag-cycle-min',
    high: 'active-defrag-cycle-max',
    check: (min, max) =>
      min > max
        ? `cycle-min (${min} %) is above cycle-max (${max} %): Redis accepts it, but while cycle-min is above cycle-max defrag runs at cycle-min. Keep cycle-min at or below cycle-max.`
        : null,
  },
];

export interface PairProblem {
  /** The pair, low side first. */
  params: readonly [DefragParam, DefragParam];
  message: string;
}

/**
 * Every pair these values get wrong, in rule order. `valueOf` gives a parameter's whole-number value
 * (a bigint from Redis-ready text, or a number from the typed config); a pair with a side that is
 * unknown or not a whole number is skipped (we cannot tell).
 */
export function pairProblems(valueOf: (param: DefragParam) => bigint | number | null | undefined): PairProblem[] {
  const problems: PairProblem[] = [];
  for (const rule of RULES) {
    const low = whole(valueOf(rule.low));
    const high = whole(valueOf(rule.high));
    if (low === null || high === null) continue;
    const message = rule.check(low, high);
    if (message) problems.push({ params: [rule.low, rule.high], message });
  }
  return problems;
}

/**
 * Problems in the effective config, keyed by the parameter(s) of each pair the change actually
 * changed. A pair the change left alone is not reported (it is not this change's doing).
 */
export function crossFieldErrors(effective: CurrentConfig, changed: ReadonlySet<string>): Map<DefragParam, string> {
  const errors = new Map<DefragParam, string>();
  for (const { params, message } of pairProblems((p) => integerOf(effective[p]))) {
    for (const p of params) if (changed.has(p)) errors.set(p, message);
  }
  return errors;
}

function whole(value: bigint | number | null | undefined): bigint | null {
  if (typeof value === 'bigint') return value;
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : null;
}
