import Link from 'next/link';
import { ActiveAlerts } from '@/components/alerts/active-alerts';
import { AuditView } from '@/components/audit/audit-view';
import { ConfigEditor } from '@/components/config/config-editor';
import { AdminStoreProvider } from '@/components/session/admin-store-provider';
import { SignInControl } from '@/components/session/sign-in-control';
import { RunningWindowBadge } from '@/components/windows/running-window-badge';
import { WindowsView } from '@/components/windows/windows-view';
import type { InitialSamples, TargetSummary } from '@/lib/snapshot';
import { BaselinesSection } from './baselines-section';
import { ConnectionBadge } from './connection-badge';
import { DashboardStoreProvider } from './dashboard-store-provider';
import { DecisionSection } from './decision-section';
import { FragmentationSection } from './fragmentation-section';
import { HistorySection } from './history-section';
import { LabPanel } from './lab-panel';
import { ServerIdentity } from './server-identity';
import { TargetSwitcher } from './target-switcher';
import { UnknownTargetNotice } from './unknown-target-notice';

interface DashboardProps {
  targets: TargetSummary[];
  current: TargetSummary;
  pollMs: number;
  /** `npm run demo`: show the lab panel. */
  demo: boolean;
  /** The newest samples when the page was rendered: figures on the first paint. */
  initial?: InitialSamples;
  /** The `?target=` that named no target, if it did not. */
  unknownTarget?: string | null;
}

/** One page per target: header, then panels. Panels read the store; this file only composes. */
export function Dashboard({ targets, current, pollMs, demo, initial, unknownTarget = null }: DashboardProps) {
  return (
    <DashboardStoreProvider key={current.id} targetId={current.id} pollMs={pollMs} initial={initial}>
      <AdminStoreProvider>
        <header className="border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
          <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
            <h1 className="text-lg font-semibold">Fragscope</h1>
            <TargetSwitcher targets={targets} currentId={current.id} />
            <ServerIdentity />
            <ConnectionBadge pollMs={pollMs} />
            <nav className="flex gap-3 text-sm">
              <Link href="/fleet" className="underline-offset-2 hover:underline" data-testid="nav-fleet">
                Fleet
              </Link>
              <Link href={`/compare?target=${encodeURIComponent(current.id)}`} className="underline-offset-2 hover:underline" data-testid="nav-baselines">
                Baselines
              </Link>
            </nav>
            <ActiveAlerts targetId={current.id} />
            <RunningWindowBadge targetId={current.id} />
            <div className="ml-auto">
              <SignInControl />
            </div>
          </div>
        </header>
        <main className="mx-auto grid max-w-7xl gap-6 p-6">
          {unknownTarget !== null ? <UnknownTargetNotice requested={unknownTarget} shown={current} /> : null}
          {demo ? <LabPanel targetId={current.id} /> : null}
          <FragmentationSection />
          <DecisionSection />
          <HistorySection targetId={current.id} />
          <BaselinesSection targetId={current.id} />
          <ConfigEditor targetId={current.id} />
          <WindowsView targetId={current.id} />
          <AuditView targetId={current.id} />
        </main>
      </AdminStoreProvider>
    </DashboardStoreProvider>
  );
}
