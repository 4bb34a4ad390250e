import 'server-only';
import type { InitialSamples, TargetSummary } from '@/lib/snapshot';
import { summarize } from './targets-routes';
import { ConfigError } from '../core/env';
import { isDemoMode } from '../lab/demo-lab';
import { getHub } from '../core/hub';

export type DashboardPage =
  | { kind: 'dashboard'; targets: TargetSummary[]; current: TargetSummary; pollMs: number; demo: boolean; initial: InitialSamples }
  | { kind: 'config-problem'; message: string };

/** What the dashboard page needs from the server; an unknown `?target=` falls back to the first. */
export function loadDashboardPage(requestedId: string | undefined): DashboardPage {
  try {
    const hub = getHub();
    const targets = [...hub.pollers.values()].map(summarize);
    const current = targets.find((t) => t.id === requestedId) ?? targets[0]!;
    const poller = hub.get(current.id);
    const initial = { latest: poller?.latest() ?? null, lastOk: poller?.lastOk() ?? null };
    return { kind: 'dashboard', targets, current, pollMs: hub.config.pollMs, demo: isDemoMode(), initial };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'config-problem', message: error.message };
    throw error;
  }
}
