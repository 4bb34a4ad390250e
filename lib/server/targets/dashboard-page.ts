import 'server-only';
import type { InitialSamples, TargetSummary } from '@/lib/snapshot';
import { summarize } from './targets-routes';
import { ConfigError } from '../core/env';
import { isDemoMode } from '../lab/demo-lab';
import { getHub } from '../core/hub';

export type DashboardPage =
  | {
      kind: 'dashboard';
      targets: TargetSummary[];
      current: TargetSummary;
      pollMs: number;
      demo: boolean;
      /** FRAGSCOPE_PROMETHEUS_URL is set: the history offers ranges beyond what the app holds (7 d, 30 d). */
      longRange: boolean;
      initial: InitialSamples;
      /** A `?target=` that names no target (cut to 80 characters): the page says so and shows `current` instead. */
      unknownTarget: string | null;
    }
  | { kind: 'config-problem'; message: string };

/** What the dashboard page needs from the server; an unknown `?target=` falls back to the first, and says so. */
export function loadDashboardPage(requestedId: string | undefined): DashboardPage {
  try {
    const hub = getHub();
    const targets = [...hub.pollers.values()].map(summarize);
    const requested = requestedId === undefined ? undefined : targets.find((t) => t.id === requestedId);
    const current = requested ?? targets[0]!;
    const unknownTarget = requestedId !== undefined && !requested ? requestedId.slice(0, 80) : null;
    const poller = hub.get(current.id);
    const initial = { latest: poller?.latest() ?? null, lastOk: poller?.lastOk() ?? null };
    return { kind: 'dashboard', targets, current, pollMs: hub.config.pollMs, demo: isDemoMode(), longRange: hub.prometheus !== null, initial, unknownTarget };
  } catch (error) {
    if (error instanceof ConfigError) return { kind: 'config-problem', message: error.message };
    throw error;
  }
}
