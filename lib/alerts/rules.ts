import { z } from 'zod';

/**
 * The alert rules, their parameters and defaults. Pure: shared by the server (evaluation) and the
 * browser (the list of effective rules shown beside active alerts).
 */

export const ALERT_RULE_IDS = ['rss-ratio-high', 'ratio-climbing', 'defrag-unsupported', 'effort-at-max', 'target-down', 'defrag-latency'] as const;
export type AlertRuleId = (typeof ALERT_RULE_IDS)[number];

export const SEVERITIES = ['warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A week: longer "for" durations are almost certainly a unit mistake (seconds typed as minutes). */
const MAX_MINUTES = 7 * 24 * 60;

const enabled = z.boolean({ error: 'must be true or false' }).default(true);
const minutes = (fallback: number, min: 'zero' | 'positive' = 'zero') =>
  (min === 'zero'
    ? z.number({ error: 'must be a number of minutes' }).min(0, { error: 'must be 0 or more minutes' })
    : z.number({ error: 'must be a number of minutes' }).gt(0, { error: 'must be more than 0 minutes' })
  )
    .max(MAX_MINUTES, { error: `must be at most ${MAX_MINUTES} minutes (a week)` })
    .default(fallback);

/** A ratio figure: above 0, and at most 1000 (no real fragmentation ratio comes near it). */
const ratioFigure = (what: string, fallback: number) =>
  z
    .number({ error: `must be a number (${what})` })
    .gt(0, { error: 'must be above 0' })
    .max(1000, { error: 'must be at most 1000' })
    .default(fallback);

/** One strict object per rule: an unknown field is an error, never silently ignored. */
export const RULE_PARAM_SCHEMAS = {
  'rss-ratio-high': z.strictObject({
    enabled,
    threshold: ratioFigure('the RSS ratio, e.g. 2.0', 2.0),
    forMinutes: minutes(15),
  }),
  'ratio-climbing': z.strictObject({
    enabled,
    rise: ratioFigure('an increase of allocator_frag_ratio, e.g. 0.2', 0.2),
    // The window the rise is measured over: zero would compare a sample with itself.
    forMinutes: minutes(15, 'positive'),
  }),
  'defrag-unsupported': z.strictObject({ enabled, forMinutes: minutes(1) }),
  'effort-at-max': z.strictObject({ enabled, forMinutes: minutes(10) }),
  'target-down': z.strictObject({
    enabled,
    forSeconds: z
      .number({ error: 'must be a number of seconds' })
      .gt(0, { error: 'must be more than 0 seconds' })
      .max(MAX_MINUTES * 60, { error: 'must be at most a week of seconds' })
      .default(30),
  }),
  'defrag-latency': z.strictObject({
    enabled,
    // p99 of a busy command during defrag against the 5 minutes before the run: 1 or less would fire on noise.
    multiple: z
      .number({ error: 'must be a number (p99 during defrag over p99 before, e.g. 3)' })
      .gt(1, { error: 'must be above 1' })
      .max(1000, { error: 'must be at most 1000' })
      .default(3),
    forMinutes: minutes(1),
  }),
} as const;

export type AlertRules = { [K in AlertRuleId]: z.output<(typeof RULE_PARAM_SCHEMAS)[K]> };

/** What each rule is for, in the words the UI and the webhook use. */
export const RULE_INFO: Record<AlertRuleId, { title: string; severity: Severity }> = {
  'rss-ratio-high': { title: 'RSS fragmentation ratio high', severity: 'warning' },
  'ratio-climbing': { title: 'Fragmentation climbing while defrag is on', severity: 'warning' },
  'defrag-unsupported': { title: 'Defrag enabled but unsupported', severity: 'warning' },
  'effort-at-max': { title: 'Defrag effort at cycle-max', severity: 'warning' },
  'target-down': { title: 'Target down', severity: 'critical' },
  'defrag-latency': { title: 'Latency up while defrag runs', severity: 'warning' },
};

/** How long a rule's condition must hold before it fires, in ms (climbing measures its own window). */
export function holdMs(rules: AlertRules, rule: AlertRuleId): number {
  switch (rule) {
    case 'rss-ratio-high':
      return rules[rule].forMinutes * 60_000;
    case 'ratio-climbing':
      return 0;
    case 'defrag-unsupported':
      return rules[rule].forMinutes * 60_000;
    case 'effort-at-max':
      return rules[rule].forMinutes * 60_000;
    case 'target-down':
      return rules[rule].forSeconds * 1000;
    case 'defrag-latency':
      return rules[rule].forMinutes * 60_000;
  }
}

/** One line per rule, for the API and the UI's rule list. */
export function describeRule(rules: AlertRules, rule: AlertRuleId): string {
  switch (rule) {
    case 'rss-ratio-high': {
      const r = rules[rule];
      return `mem_fragmentation_ratio above ${r.threshold} for ${minutesText(r.forMinutes)} (ignored under 5 MiB used_memory)`;
    }
    case 'ratio-climbing': {
      const r = rules[rule];
      return `allocator_frag_ratio up by more than ${r.rise} over ${minutesText(r.forMinutes)} while activedefrag is yes`;
    }
    case 'defrag-unsupported':
      return `activedefrag is yes but the build cannot defrag, for ${minutesText(rules[rule].forMinutes)}`;
    case 'effort-at-max':
      return `active_defrag_running at active-defrag-cycle-max for ${minutesText(rules[rule].forMinutes)}`;
    case 'target-down':
      return `no good sample for ${rules[rule].forSeconds} s`;
    case 'defrag-latency': {
      const r = rules[rule];
      return `a busy command's p99 (LATENCY HISTOGRAM) during a defrag run above ${r.multiple}x its p99 in the 5 minutes before, for ${minutesText(r.forMinutes)}`;
    }
  }
}

function minutesText(m: number): string {
  return m === 1 ? '1 minute' : `${m} minutes`;
}
