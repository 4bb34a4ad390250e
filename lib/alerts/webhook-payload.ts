import { z } from 'zod';
import { ALERT_RULE_IDS, SEVERITIES } from './rules';
import type { AlertTransition } from './state';

/** The JSON body POSTed to FRAGSCOPE_ALERT_WEBHOOK on every fire and resolve. Times are ISO 8601 UTC. */
export const webhookPayloadSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  rule: z.enum(ALERT_RULE_IDS),
  target: z.string(),
  severity: z.enum(SEVERITIES),
  since: z.string(),
  at: z.string(),
  value: z.number().nullable(),
  message: z.string(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

export function toWebhookPayload(t: AlertTransition): WebhookPayload {
  return {
    status: t.status === 'fired' ? 'firing' : 'resolved',
    rule: t.rule,
    target: t.targetId,
    severity: t.severity,
    since: new Date(t.since).toISOString(),
    at: new Date(t.at).toISOString(),
    value: t.value,
    message: t.message,
  };
}

/**
 * `<target>:<rule>:<since ms>:<status>`: the same on every retry of one delivery and different for
 * every other one, so a receiver can drop repeats. Epoch ms, since ISO times contain colons.
 */
export function idempotencyKey(t: Pick<AlertTransition, 'targetId' | 'rule' | 'since' | 'status'>): string {
  return `${t.targetId}:${t.rule}:${t.since}:${t.status === 'fired' ? 'firing' : 'resolved'}`;
}
