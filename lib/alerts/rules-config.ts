import { z } from 'zod';
import { ALERT_RULE_IDS, RULE_PARAM_SCHEMAS, type AlertRules } from './rules';

export const ALERT_RULES_ENV = 'FRAGSCOPE_ALERT_RULES';

/**
 * Overrides for the defaults, e.g. `{"rss-ratio-high":{"threshold":1.8,"forMinutes":5},"target-down":{"enabled":false}}`.
 * Rules and fields left out keep their defaults. `prefault({})` (not `default`) so the inner
 * defaults are applied to an omitted rule too.
 */
export const alertRulesSchema = z.strictObject({
  'rss-ratio-high': RULE_PARAM_SCHEMAS['rss-ratio-high'].prefault({}),
  'ratio-climbing': RULE_PARAM_SCHEMAS['ratio-climbing'].prefault({}),
  'defrag-unsupported': RULE_PARAM_SCHEMAS['defrag-unsupported'].prefault({}),
  'effort-at-max': RULE_PARAM_SCHEMAS['effort-at-max'].prefault({}),
  'target-down': RULE_PARAM_SCHEMAS['target-down'].prefault({}),
  'defrag-latency': RULE_PARAM_SCHEMAS['defrag-latency'].prefault({}),
});

export type AlertRulesResult = { ok: true; rules: AlertRules } | { ok: false; problems: string[] };

/** The effective rules from the env var's text (unset or blank: every default). Never throws. */
export function parseAlertRules(raw: string | undefined): AlertRulesResult {
  const text = raw?.trim();
  if (!text) return { ok: true, rules: alertRulesSchema.parse({}) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`${ALERT_RULES_ENV} is not valid JSON (${(error as Error).message})`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [`${ALERT_RULES_ENV} must be a JSON object keyed by rule id, e.g. {"target-down":{"forSeconds":60}}`] };
  }
  const parsed = alertRulesSchema.safeParse(json);
  if (parsed.success) return { ok: true, rules: parsed.data };
  return { ok: false, problems: parsed.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const [rule, field] = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((k) => `"${k}"`).join(', ');
    if (rule === undefined) {
      return `${ALERT_RULES_ENV}: unknown rule ${names}; the rules are ${ALERT_RULE_IDS.join(', ')}`;
    }
    const allowed = Object.keys(RULE_PARAM_SCHEMAS[rule as keyof typeof RULE_PARAM_SCHEMAS].shape).join(', ');
    return `${ALERT_RULES_ENV}: ${rule} has no field ${names}; its fields are ${allowed}`;
  }
  if (rule !== undefined && field === undefined && issue.code === 'invalid_type') {
    return `${ALERT_RULES_ENV}: ${rule} must be an object of settings, e.g. {"enabled":false}`;
  }
  return `${ALERT_RULES_ENV}: ${issue.path.join('.')} ${issue.message}`;
}
