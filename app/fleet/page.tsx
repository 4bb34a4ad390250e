import { ConfigProblem } from '@/components/dashboard/config-problem';
import { FleetView } from '@/components/fleet/fleet-view';
import { ConfigError } from '@/lib/server/core/env';
import { fleetRows } from '@/lib/server/fleet/fleet-routes';
import { getHub } from '@/lib/server/core/hub';

export const dynamic = 'force-dynamic';

export default function FleetPage() {
  try {
    const initial = fleetRows();
    return <FleetView initial={initial} pollMs={Math.max(getHub().config.pollMs, 2000)} />;
  } catch (error) {
    if (error instanceof ConfigError) return <ConfigProblem message={error.message} />;
    throw error;
  }
}
