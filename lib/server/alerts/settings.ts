import 'server-only';
import { parseAlertSettings, type AlertSettings } from '../core/env';

export type { AlertSettings };

/**
 * FRAGSCOPE_ALERT_RULES and FRAGSCOPE_ALERT_WEBHOOK, read through the one environment schema
 * (core/env.ts, which `npm start` checks before anything starts): every problem in one
 * ConfigError, which errorResponse already maps to a readable 500. The hub reads the same
 * settings from its parsed config (`config.alerts`).
 */
export function alertSettingsFromEnv(env: Record<string, string | undefined>): AlertSettings {
  return parseAlertSettings(env);
}
