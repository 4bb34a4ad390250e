import type { TargetSummary } from '@/lib/snapshot';
import { ConnectionBadge } from './connection-badge';
import { DashboardStoreProvider } from './dashboard-store-provider';
import { DecisionSection } from './decision-section';
import { FragmentationSection } from './fragmentation-section';
import { ServerIdentity } from './server-identity';
import { TargetSwitcher } from './target-switcher';

interface DashboardProps {
  targets: TargetSummary[];
  current: TargetSummary;
  pollMs: number;
}

/** One page per target: header, then panels. Panels read the store; this file only composes. */
export function Dashboard({ targets, current, pollMs }: DashboardProps) {
  return (
    <DashboardStoreProvider key={current.id} targetId={current.id}>
      <header className="border-b border-zinc-200 px-6 py-3 dark:border-zinc-800">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <h1 className="text-lg font-semibold">Fragscope</h1>
          <TargetSwitcher targets={targets} currentId={current.id} />
          <ServerIdentity />
          <ConnectionBadge pollMs={pollMs} />
        </div>
      </header>
      <main className="mx-auto grid max-w-7xl gap-6 p-6">
        <FragmentationSection />
        <DecisionSection />
      </main>
    </DashboardStoreProvider>
  );
}
