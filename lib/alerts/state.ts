import { z } from 'zod';
import { ALERT_RULE_IDS, SEVERITIES, type AlertRuleId } from './rules';

/**
 * What the evaluator remembers per target: a phase per rule and the little each rule needs.
 * Schemas, not just types, because this is persisted and read back after a restart.
 */

export const PHASES = ['inactive', 'pending', 'firing'] as const;
export type Phase = (typeof PHASES)[number];

export const ruleStateSchema = z.object({
  phase: z.enum(PHASES),
  /** When the condition started holding (pending and firing); the alert's identity with the rule. */
  since: z.number().nullable(),
  firedAt: z.number().nullable(),
  /** The latest figure behind the condition and its words, refreshed while firing. */
  value: z.number().nullable(),
  message: z.string().nullable(),
});
export type RuleState = z.infer<typeof ruleStateSchema>;

export const ruleMemorySchema = z.object({
  /** When this process started watching the target: "down" counts from here if it never answered. */
  watchStart: z.number(),
  lastOkAt: z.number().nullable(),
  /** `run_id` of the last good sample: a restart makes the climbing window meaningless. */
  runId: z.string().nullable(),
  /** Downsampled (at, allocator_frag_ratio) while activedefrag is yes: about 30 points per window. */
  frag: z.array(z.object({ at: z.number(), value: z.number() })),
});
export type RuleMemory = z.infer<typeof ruleMemorySchema>;

/** A state saved before a rule existed (defrag-latency came later) reads back with that rule inactive. */
const savedRuleStateSchema = ruleStateSchema.default({ phase: 'inactive', since: null, firedAt: null, value: null, message: null });

export const targetAlertStateSchema = z.object({
  targetId: z.string(),
  rules: z.object(Object.fromEntries(ALERT_RULE_IDS.map((id) => [id, savedRuleStateSchema])) as Record<AlertRuleId, typeof savedRuleStateSchema>),
  memory: ruleMemorySchema,
});
export type TargetAlertState = z.infer<typeof targetAlertStateSchema>;

export const INACTIVE: RuleState = Object.freeze({ phase: 'inactive', since: null, firedAt: null, value: null, message: null });

/** A fire or a resolve: the only things the outside world is told about. */
export interface AlertTransition {
  status: 'fired' | 'resolved';
  targetId: string;
  rule: AlertRuleId;
  severity: (typeof SEVERITIES)[number];
  /** When the condition started holding; the same on the fire and its resolve. */
  since: number;
  /** When the transition happened (the evaluator's `now`). */
  at: number;
  value: number | null;
  message: string;
}

export const activeAlertSchema = z.object({
  targetId: z.string(),
  rule: z.enum(ALERT_RULE_IDS),
  severity: z.enum(SEVERITIES),
  title: z.string(),
  since: z.number(),
  firedAt: z.number(),
  value: z.number().nullable(),
  message: z.string(),
});
export type ActiveAlert = z.infer<typeof activeAlertSchema>;
