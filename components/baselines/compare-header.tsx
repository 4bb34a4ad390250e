import Link from 'next/link';
import { comparePageUrl, dashboardUrl } from '@/lib/client/baselines-requests';
import type { TargetSummary } from '@/lib/snapshot';
import { RunningWindowBadge } from '@/components/windows/running-window-badge';

/** The comparison page's title under the app header: which target, and the ways back to its dashboard and baselines. */
export function CompareHeader({ target, onIndex }: { target: TargetSummary; onIndex: boolean }) {
  const identity = [target.engine, target.version].filter(Boolean).join(' ');
  return (
    <div className="border-b border-zinc-200 pb-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <h1 className="text-lg font-semibold">
          Fragscope <span className="font-normal text-zinc-500">· {onIndex ? 'baselines' : 'baseline comparison'}</span>
        </h1>
        <span className="text-sm text-zinc-600 dark:text-zinc-300" data-testid="compare-target">
          target <b>{target.name}</b> ({target.address}){identity ? ` · ${identity}` : ''}
        </span>
        <RunningWindowBadge targetId={target.id} />
        <nav className="ml-auto flex items-center gap-4 text-sm">
          {onIndex ? null : (
            <Link href={comparePageUrl(target.id)} className="underline" data-testid="compare-index-link">
              all baselines
            </Link>
          )}
          <Link href={dashboardUrl(target.id)} className="underline" data-testid="compare-dashboard-link">
            ← dashboard
          </Link>
        </nav>
      </div>
    </div>
  );
}
