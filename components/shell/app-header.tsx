import Link from 'next/link';
import { TimeZoneNote } from './time-zone-note';
import type { ReactNode } from 'react';
import { ActiveAlerts } from '@/components/alerts/active-alerts';
import { SignInControl } from '@/components/session/sign-in-control';
import type { TargetSummary } from '@/lib/snapshot';
import type { TargetView } from '@/lib/targets/views';
import { TargetPicker } from './target-picker';

export type AppSection = 'target' | 'fleet' | 'compare' | 'allocator' | 'alerts' | 'other';

interface AppHeaderProps {
  targets: TargetSummary[] | null;
  currentId: string | null;
  view?: TargetView;
  section: AppSection;
  /** The target's identity and live state (dashboard only: they read its store). */
  status?: ReactNode;
  /** A second row: the target's view tabs. */
  tabs?: ReactNode;
}

const NAV_LINK = 'rounded px-2 py-1 underline-offset-2 hover:underline';

/**
 * The one header of every page (target console, fleet, comparison, 404, error): the way home, the
 * target picker, the app's sections, the firing alerts and sign-in. Inside AdminStoreProvider.
 */
export function AppHeader({ targets, currentId, view, section, status, tabs }: AppHeaderProps) {
  const compareHref = currentId === null ? '/compare' : `/compare?target=${encodeURIComponent(currentId)}`;
  const allocatorHref = currentId === null ? '/allocator' : `/allocator?target=${encodeURIComponent(currentId)}`;
  const current = (s: AppSection) => (s === section ? ('page' as const) : undefined);
  return (
    <header className="border-b border-zinc-200 dark:border-zinc-800" data-testid="app-header">
      <a
        href="#main"
        className="sr-only rounded bg-zinc-900 px-3 py-1 text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 dark:bg-zinc-100 dark:text-zinc-900"
        data-testid="skip-link"
      >
        Skip to content
      </a>
      <div className="flex flex-wrap items-center gap-x-5 gap-y-2 px-4 py-2 sm:px-6">
        <Link href="/" className="text-lg font-semibold" data-testid="nav-home">
          Fragscope
        </Link>
        <TargetPicker targets={targets} currentId={currentId} view={view} />
        {status}
        <nav aria-label="Sections" className="flex flex-wrap gap-1 text-sm">
          <Link href="/fleet" className={NAV_LINK} aria-current={current('fleet')} data-testid="nav-fleet">
            Fleet
          </Link>
          <Link href={compareHref} className={NAV_LINK} aria-current={current('compare')} data-testid="nav-baselines">
            Compare
          </Link>
          <Link href={allocatorHref} className={NAV_LINK} aria-current={current('allocator')} data-testid="nav-allocator">
            Allocator
          </Link>
          <Link href="/alerts" className={NAV_LINK} aria-current={current('alerts')} data-testid="nav-alerts">
            Alerts
          </Link>
        </nav>
        <div className="ml-auto flex flex-wrap items-center gap-3">
          <TimeZoneNote />
          <ActiveAlerts targetId={section === 'target' && currentId !== null ? currentId : undefined} />
          <SignInControl />
        </div>
      </div>
      {tabs}
    </header>
  );
}
