import { z } from 'zod';
import { ALERT_RULE_IDS, describeRule, RULE_INFO, SEVERITIES, type AlertRules } from './rules';
import { alertEventSchema } from './history';
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

/** One alert of the history (`GET /api/alerts/history`): a fire and its resolve, paired. */
export const ENTRY_STATES = ['firing', 'resolved', 'ended-unrecorded'] as const;

export const alertHistoryEntrySchema = z.object({
  /** `<target>:<rule>:<since>`, stable across pages and restarts. */
  id: z.string(),
  targetId: z.string(),
  rule: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  since: z.number(),
  /** Null when the fire was older than the history keeps (only its resolve is left). */
  firedAt: z.number().nullable(),
  resolvedAt: z.number().nullable(),
  /**
   * firing: still open; resolved: both ends recorded; ended-unrecorded: no longer firing, but its
   * resolve was never written (the dashboard stopped in between), so its end is not known.
   */
  state: z.enum(ENTRY_STATES),
  /** From firing (or, without it, from the condition's start) to the resolve, or to `now` while firing; null when the end is not known. */
  durationMs: z.number().nullable(),
  fired: alertEventSchema.pick({ value: true, message: true, threshold: true, ruleText: true, figures: true }).nullable(),
  resolved: alertEventSchema.pick({ value: true, message: true }).nullable(),
});
export type AlertHistoryEntry = z.infer<typeof alertHistoryEntrySchema>;

/** The body of `GET /api/alerts/history?target=&rule=&page=&pageSize=`, newest first. */
export const alertHistoryResponseSchema = z.object({
  now: z.number(),
  entries: z.array(alertHistoryEntrySchema),
  /** Entries matching the filter, over every page. */
  matched: z.number(),
  page: z.number(),
  pageCount: z.number(),
  pageSize: z.number(),
  /** The targets and rules that appear in the history, for the filters. */
  targets: z.array(z.string()),
  rules: z.array(z.object({ id: z.string(), title: z.string() })),
  /** Lines of the log that could not be read (torn by a crash); they hide nothing else. */
  unreadableLines: z.number(),
});
export type AlertHistoryResponse = z.infer<typeof alertHistoryResponseSchema>;
