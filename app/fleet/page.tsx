import type { Metadata } from 'next';
import { ConfigProblem } from '@/components/dashboard/config-problem';
import { FleetView } from '@/components/fleet/fleet-view';
import { PageShell } from '@/components/shell/page-shell';
import type { FleetResponse } from '@/lib/fleet/api-schema';
import { DEFAULT_FLEET_QUERY, parseFleetQuery, type FleetQuery } from '@/lib/fleet/fleet-query';
import { ConfigError } from '@/lib/server/core/env';
import { fleetRows } from '@/lib/server/fleet/fleet-routes';
import { getHub } from '@/lib/server/core/hub';
import { summarize } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Fragscope · fleet' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function FleetPage({ searchParams }: { searchParams: Search }) {
  const page = await loadFleetPage(await searchParams);
  if ('problem' in page) return <ConfigProblem message={page.problem} />;
  return (
    <PageShell targets={page.targets} section="fleet">
      <FleetView initial={page.initial} initialQuery={page.query} pollMs={page.pollMs} />
    </PageShell>
  );
}

/** The query from the URL; a hand-edited bad value falls back to the default view rather than an error page. */
function queryOf(search: Record<string, string | string[] | undefined>): FleetQuery {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (typeof v === 'string') params.set(k, v);
  const parsed = parseFleetQuery(params);
  return parsed.ok ? parsed.query : DEFAULT_FLEET_QUERY;
}

/** A bad configuration is shown as such; anything else goes to the error boundary. */
async function loadFleetPage(
  search: Record<string, string | string[] | undefined>,
): Promise<{ initial: FleetResponse; query: FleetQuery; pollMs: number; targets: ReturnType<typeof summarize>[] } | { problem: string }> {
  try {
    const hub = getHub();
    const query = queryOf(search);
    return { initial: await fleetRows(query), query, pollMs: Math.max(hub.config.pollMs, 2000), targets: [...hub.pollers.values()].map(summarize) };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: error.message };
    throw error;
  }
}
