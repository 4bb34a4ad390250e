import Link from 'next/link';
import { connection } from 'next/server';
import { PageShell } from '@/components/shell/page-shell';
import { loadDashboardPage } from '@/lib/server/targets/dashboard-page';

export const metadata = { title: 'Fragscope · page not found' };

/** The app's own 404: the shared header (so the target picker and alerts are one click away) and a way back. */
export default async function NotFound() {
  // Rendered per request: the target list is the running dashboard's, not the build machine's.
  await connection();
  const page = loadDashboardPage(undefined);
  const targets = page.kind === 'dashboard' ? page.targets : [];
  return (
    <PageShell targets={targets} section="other">
      <div className="max-w-2xl" data-testid="not-found">
        <h1 className="text-xl font-semibold">Page not found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">There is no page at this address. The dashboard has these instead:</p>
        <ul className="mt-3 grid gap-1 text-sm">
          <li>
            <Link href="/" className="underline" data-testid="not-found-home">
              ← the dashboard (first target&apos;s overview)
            </Link>
          </li>
          <li>
            <Link href="/fleet" className="underline">
              the fleet: every target on one page
            </Link>
          </li>
        </ul>
      </div>
    </PageShell>
  );
}
