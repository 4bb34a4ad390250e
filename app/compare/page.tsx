import type { Metadata } from 'next';
import Link from 'next/link';
import { BaselinesIndex } from '@/components/baselines/baselines-index';
import { CompareHeader } from '@/components/baselines/compare-header';
import { ComparisonView } from '@/components/baselines/comparison-view';
import { ConfigProblem } from '@/components/dashboard/config-problem';
import { PageShell } from '@/components/shell/page-shell';
import { loadDashboardPage } from '@/lib/server/targets/dashboard-page';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Fragscope · baseline comparison' };

type Params = Promise<Record<string, string | string[] | undefined>>;

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);

/**
 * `/compare?target=<id>&baseline=<baselineId>&to=now|<baselineId>|run:<ms>`: a comparison anyone
 * can open from a ticket, signed in or not. Without `baseline`: the target's baselines.
 */
export default async function ComparePage({ searchParams }: { searchParams: Params }) {
  const params = await searchParams;
  const requested = single(params.target);
  const baselineId = single(params.baseline);
  const to = single(params.to) ?? 'now';
  const page = loadDashboardPage(requested);
  if (page.kind === 'config-problem') return <ConfigProblem message={page.message} />;
  // The dashboard falls back to the first target; a permalink naming another must not silently compare that one.
  if (requested !== undefined && page.current.id !== requested) {
    return (
      <PageShell targets={page.targets} section="compare">
        <div className="max-w-3xl" data-testid="compare-unknown-target">
          <h1 className="text-xl font-semibold">No target “{requested}”</h1>
          <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">This dashboard watches:</p>
          <ul className="mt-2 list-disc pl-6 text-sm">
            {page.targets.map((t) => (
              <li key={t.id}>
                <Link className="underline" href={`/compare?target=${encodeURIComponent(t.id)}`}>
                  {t.name}
                </Link>{' '}
                ({t.address})
              </li>
            ))}
          </ul>
        </div>
      </PageShell>
    );
  }
  return (
    <PageShell targets={page.targets} currentId={page.current.id} section="compare">
      <CompareHeader target={page.current} onIndex={baselineId === undefined} />
      {baselineId === undefined ? (
        <BaselinesIndex targetId={page.current.id} />
      ) : (
        <ComparisonView key={`${page.current.id}/${baselineId}`} targetId={page.current.id} baselineId={baselineId} to={to} />
      )}
    </PageShell>
  );
}
