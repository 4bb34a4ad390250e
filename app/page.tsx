import { ConfigProblem } from '@/components/dashboard/config-problem';
import { Dashboard } from '@/components/dashboard/dashboard';
import { loadDashboardPage } from '@/lib/server/targets/dashboard-page';

export const dynamic = 'force-dynamic';

export default async function Page({ searchParams }: { searchParams: Promise<{ target?: string | string[] }> }) {
  const { target } = await searchParams;
  const page = loadDashboardPage(typeof target === 'string' ? target : undefined);
  if (page.kind === 'config-problem') return <ConfigProblem message={page.message} />;
  return (
    <Dashboard targets={page.targets} current={page.current} pollMs={page.pollMs} demo={page.demo} initial={page.initial} unknownTarget={page.unknownTarget} />
  );
}
