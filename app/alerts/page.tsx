import type { Metadata } from 'next';
import { AlertHistoryView } from '@/components/alerts/alert-history-view';
import { ConfigProblem } from '@/components/dashboard/config-problem';
import { PageShell } from '@/components/shell/page-shell';
import { alertHistoryQuerySchema, DEFAULT_HISTORY_PAGE_SIZE, type AlertHistoryQuery } from '@/lib/alerts/history';
import { ConfigError } from '@/lib/server/core/env';
import { getHub } from '@/lib/server/core/hub';
import { summarize } from '@/lib/server/targets/targets-routes';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Fragscope · alert history' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** `/alerts?target=&rule=&page=`: fired and resolved alerts, newest first (GET /api/alerts/history). */
export default async function AlertsPage({ searchParams }: { searchParams: Search }) {
  const search = await searchParams;
  const page = loadTargets();
  if ('problem' in page) return <ConfigProblem message={page.problem} />;
  return (
    <PageShell targets={page.targets} section="alerts">
      <AlertHistoryView initialQuery={queryOf(search)} />
    </PageShell>
  );
}

/** A hand-edited bad value shows the unfiltered first page rather than an error page. */
function queryOf(search: Record<string, string | string[] | undefined>): AlertHistoryQuery {
  const single = Object.fromEntries(Object.entries(search).filter(([k, v]) => typeof v === 'string' && ['target', 'rule', 'page'].includes(k)));
  const parsed = alertHistoryQuerySchema.safeParse(single);
  return parsed.success ? parsed.data : { page: 1, pageSize: DEFAULT_HISTORY_PAGE_SIZE };
}

function loadTargets(): { targets: ReturnType<typeof summarize>[] } | { problem: string } {
  try {
    return { targets: [...getHub().pollers.values()].map(summarize) };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: error.message };
    throw error;
  }
}
