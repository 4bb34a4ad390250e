import { z } from 'zod';
import { ALERT_RULE_IDS, describeRule, RULE_INFO, SEVERITIES, type AlertRules } from './rules';
import { activeAlertSchema } from './state';

/** The body of `GET /api/alerts`; the browser checks every answer against it. */
export const effectiveRuleSchema = z.object({
  id: z.enum(ALERT_RULE_IDS),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  enabled: z.boolean(),
  description: z.string(),
  /** The rule's settings after FRAGSCOPE_ALERT_RULES, e.g. { threshold: 2, forMinutes: 15 }. */
  params: z.record(z.string(), z.union([z.number(), z.boolean()])),
});
export type EffectiveRule = z.infer<typeof effectiveRuleSchema>;

export const alertsListSchema = z.object({
  /** The server's clock, so "for 3 min" does not depend on the browser's. */
  now: z.number(),
  active: z.array(activeAlertSchema),
  rules: z.array(effectiveRuleSchema),
  webhook: z.object({ configured: z.boolean() }),
});
export type AlertsList = z.infer<typeof alertsListSchema>;

export function effectiveRules(rules: AlertRules): EffectiveRule[] {
  return ALERT_RULE_IDS.map((id) => {
    const { enabled, ...params } = rules[id];
    return { id, ...RULE_INFO[id], enabled, description: describeRule(rules, id), params };
  });
}
