import 'server-only';
import { parseAlertRules } from '@/lib/alerts/rules-config';
import type { AlertRules } from '@/lib/alerts/rules';
import { ConfigError } from '../core/env';
import { parseWebhookUrl, type WebhookTarget } from './webhook-url';

export interface AlertSettings {
  rules: AlertRules;
  /** The raw FRAGSCOPE_ALERT_WEBHOOK (validated), or null. Holds secrets: never log it. */
  webhookUrl: string | null;
  webhook: WebhookTarget | null;
}

/**
 * FRAGSCOPE_ALERT_RULES and FRAGSCOPE_ALERT_WEBHOOK, checked together so the operator sees every
 * problem in one ConfigError (which errorResponse already maps to a readable 500).
 */
export function alertSettingsFromEnv(env: Record<string, string | undefined>): AlertSettings {
  const rules = parseAlertRules(env.FRAGSCOPE_ALERT_RULES);
  const webhook = parseWebhookUrl(env.FRAGSCOPE_ALERT_WEBHOOK);
  const problems = [...(rules.ok ? [] : rules.problems), ...(webhook.ok ? [] : [webhook.problem])];
  if (!rules.ok || !webhook.ok) throw new ConfigError(problems);
  return { rules: rules.rules, webhookUrl: webhook.target ? env.FRAGSCOPE_ALERT_WEBHOOK!.trim() : null, webhook: webhook.target };
}
