import 'server-only';
import type { Hub } from '../core/hub';
import { startAlerting, type AlertManager } from './alert-manager';
import { alertSettingsFromEnv } from './settings';

// One manager per process, like the hub: Next may load this module in several route chunks, and
// two managers would each send every alert.
const ALERTS_KEY = Symbol.for('fragscope.alerts');
type AlertsGlobal = typeof globalThis & { [ALERTS_KEY]?: AlertManager };

/**
 * The process's alert manager for the hub's pollers, started on first use. Throws ConfigError
 * when FRAGSCOPE_ALERT_RULES or FRAGSCOPE_ALERT_WEBHOOK is invalid.
 */
export function alertingFor(hub: Pick<Hub, 'pollers' | 'config' | 'owns' | 'sharedAlerts'>, env: Record<string, string | undefined> = process.env): AlertManager {
  const store = globalThis as AlertsGlobal;
  let manager = store[ALERTS_KEY];
  if (!manager) {
    const settings = alertSettingsFromEnv(env);
    manager = startAlerting({
      pollers: hub.pollers.values(),
      dataDir: hub.config.dataDir,
      rules: settings.rules,
      webhookUrl: settings.webhookUrl,
      owns: (targetId) => hub.owns(targetId),
      shared: hub.sharedAlerts ?? undefined,
    });
    store[ALERTS_KEY] = manager;
  }
  return manager;
}

/** Stops the process's manager (at shutdown); undelivered webhooks are kept for the next start. */
export async function stopAlerting(): Promise<void> {
  const store = globalThis as AlertsGlobal;
  const manager = store[ALERTS_KEY];
  delete store[ALERTS_KEY];
  await manager?.stop();
}
