import { ConfigProblem } from '@/components/dashboard/config-problem';
import { Dashboard } from '@/components/dashboard/dashboard';
import { loadDashboardPage } from '@/lib/server/targets/dashboard-page';
import { parseTargetView } from '@/lib/targets/views';

export const dynamic = 'force-dynamic';

type Search = Promise<{ target?: string | string[]; view?: string | string[] }>;

/** `/?target=<id>&view=<view>`: one target's console; `/` alone is the first target's overview. */
export default async function Page({ searchParams }: { searchParams: Search }) {
  const { target, view } = await searchParams;
  const page = loadDashboardPage(typeof target === 'string' ? target : undefined);
  if (page.kind === 'config-problem') return <ConfigProblem message={page.message} />;
  return (
    <Dashboard
      targets={page.targets}
      current={page.current}
      pollMs={page.pollMs}
      demo={page.demo}
      longRange={page.longRange}
      initial={page.initial}
      view={parseTargetView(view)}
      unknownTarget={page.unknownTarget}
    />
  );
}
