import 'server-only';
import type { Hub } from '../core/hub';
import { startAlerting, type AlertManager } from './alert-manager';

// One manager per process, like the hub: Next may load this module in several route chunks, and
// two managers would each send every alert.
const ALERTS_KEY = Symbol.for('fragscope.alerts');
type AlertsGlobal = typeof globalThis & { [ALERTS_KEY]?: AlertManager };

/**
 * The process's alert manager for the hub's pollers, started on first use. Its rules and webhook
 * come from the hub's parsed config (FRAGSCOPE_ALERT_RULES and FRAGSCOPE_ALERT_WEBHOOK are checked
 * with every other variable in core/env.ts, before the hub exists).
 */
export function alertingFor(hub: Pick<Hub, 'pollers' | 'config' | 'owns' | 'sharedAlerts'>): AlertManager {
  const store = globalThis as AlertsGlobal;
  let manager = store[ALERTS_KEY];
  if (!manager) {
    const settings = hub.config.alerts;
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
