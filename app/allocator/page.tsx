import type { Metadata } from 'next';
import { AllocatorView } from '@/components/allocator/allocator-view';
import { ConfigProblem } from '@/components/dashboard/config-problem';
import { AdminStoreProvider } from '@/components/session/admin-store-provider';
import { AppHeader } from '@/components/shell/app-header';
import { loadDashboardPage } from '@/lib/server/targets/dashboard-page';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Fragscope · allocator anatomy' };

type Params = Promise<Record<string, string | string[] | undefined>>;

/** `/allocator?target=<id>`: where a target's fragmentation lives, per jemalloc size class. */
export default async function AllocatorPage({ searchParams }: { searchParams: Params }) {
  const params = await searchParams;
  const requested = typeof params.target === 'string' ? params.target : undefined;
  const page = loadDashboardPage(requested);
  if (page.kind === 'config-problem') return <ConfigProblem message={page.message} />;
  const target = page.current;
  return (
    <AdminStoreProvider>
      <AppHeader targets={page.targets} currentId={target.id} section="allocator" />
      <main id="main" className="mx-auto grid max-w-6xl gap-4 p-4">
        {requested !== undefined && requested !== target.id && (
          <p role="status" className="text-sm text-amber-700 dark:text-amber-400" data-testid="allocator-unknown-target">
            No target “{requested}”: showing {target.name}.
          </p>
        )}
        <AllocatorView targetId={target.id} />
      </main>
    </AdminStoreProvider>
  );
}
