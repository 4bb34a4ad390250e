import { ConfigProblem } from '@/components/dashboard/config-problem';
import { FleetView } from '@/components/fleet/fleet-view';
import { PageShell } from '@/components/shell/page-shell';
import { ConfigError } from '@/lib/server/core/env';
import { fleetRows } from '@/lib/server/fleet/fleet-routes';
import { getHub } from '@/lib/server/core/hub';
import { summarize } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';

export default function FleetPage() {
  const page = loadFleetPage();
  if ('problem' in page) return <ConfigProblem message={page.problem} />;
  return (
    <PageShell targets={page.targets} section="fleet">
      <FleetView initial={page.initial} pollMs={page.pollMs} />
    </PageShell>
  );
}

/** A bad configuration is shown as such; anything else goes to the error boundary. */
function loadFleetPage(): { initial: ReturnType<typeof fleetRows>; pollMs: number; targets: ReturnType<typeof summarize>[] } | { problem: string } {
  try {
    const hub = getHub();
    return { initial: fleetRows(), pollMs: Math.max(hub.config.pollMs, 2000), targets: [...hub.pollers.values()].map(summarize) };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: error.message };
    throw error;
  }
}
