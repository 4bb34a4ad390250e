import 'server-only';
import type { Hub } from '../core/hub';
import { clearProcessGlobal, processGlobal } from '../core/process-global';
import { startAlerting, type AlertManager } from './alert-manager';

// One manager per process, like the hub: two managers would each send every alert.
const ALERTS_KEY = 'fragscope.alerts';

/**
 * The process's alert manager for the hub's pollers, started on first use. Its rules and webhook
 * come from the hub's parsed config (FRAGSCOPE_ALERT_RULES and FRAGSCOPE_ALERT_WEBHOOK are checked
 * with every other variable in core/env.ts, before the hub exists).
 */
export function alertingFor(hub: Pick<Hub, 'pollers' | 'config' | 'owns' | 'sharedAlerts'>): AlertManager {
  return processGlobal(ALERTS_KEY, () => {
    const settings = hub.config.alerts;
    return startAlerting({
      pollers: hub.pollers.values(),
      dataDir: hub.config.dataDir,
      rules: settings.rules,
      webhookUrl: settings.webhookUrl,
      owns: (targetId) => hub.owns(targetId),
      shared: hub.sharedAlerts ?? undefined,
    });
  });
}

/** Stops the process's manager (at shutdown); undelivered webhooks are kept for the next start. */
export async function stopAlerting(): Promise<void> {
  await clearProcessGlobal<AlertManager>(ALERTS_KEY)?.stop();
}
