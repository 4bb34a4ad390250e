import { ConfigProblem } from '@/components/dashboard/config-problem';
import { FleetView } from '@/components/fleet/fleet-view';
import { ConfigError } from '@/lib/server/core/env';
import { fleetRows } from '@/lib/server/fleet/fleet-routes';
import { getHub } from '@/lib/server/core/hub';

export const dynamic = 'force-dynamic';

export default function FleetPage() {
  const page = loadFleetPage();
  if ('problem' in page) return <ConfigProblem message={page.problem} />;
  return <FleetView initial={page.initial} pollMs={page.pollMs} />;
}

/** A bad configuration is shown as such; anything else goes to the error boundary. */
function loadFleetPage(): { initial: ReturnType<typeof fleetRows>; pollMs: number } | { problem: string } {
  try {
    return { initial: fleetRows(), pollMs: Math.max(getHub().config.pollMs, 2000) };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: error.message };
    throw error;
  }
}
