import type { DefragParam } from './catalogue';
import { integerOf, type CurrentConfig } from './values';

/**
 * Combinations Redis accepts without a word (facts §4) but that make its effort formula misbehave.
 * Wording matches the what-if panel (lib/decision/what-if.ts), which warns about the same cases.
 */

interface PairRule {
  low: DefragParam;
  high: DefragParam;
  /** The problem with these values, or null when they are fine. */
  check(low: bigint, high: bigint): string | null;
}

const RULES: readonly PairRule[] = [
  {
    low: 'active-defrag-cycle-min',
    high: 'active-defrag-cycle-max',
    check: (min, max) =>
      min > max
        ? `cycle-min (${min} %) is above cycle-max (${max} %): Redis accepts it, but defrag then runs at cycle-min. Keep cycle-min at or below cycle-max.`
        : null,
  },
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
];

/**
 * Problems in the effective config, keyed by the parameter(s) of each pair the change actually
 * changed. A pair the change left alone is not reported (it is not this change's doing), and a pair
 * with an unknown side is skipped (we cannot tell).
 */
export function crossFieldErrors(effective: CurrentConfig, changed: ReadonlySet<string>): Map<DefragParam, string> {
  const errors = new Map<DefragParam, string>();
  for (const rule of RULES) {
    const touched = [rule.low, rule.high].filter((p) => changed.has(p));
    if (touched.length === 0) continue;
    const low = integerOf(effective[rule.low]);
    const high = integerOf(effective[rule.high]);
    if (low === null || high === null) continue;
    const problem = rule.check(low, high);
    if (problem) for (const p of touched) errors.set(p, problem);
  }
  return errors;
}
