import { AdminStoreProvider } from '@/components/session/admin-store-provider';
import { AppHeader } from '@/components/shell/app-header';
import { ViewTabs } from '@/components/shell/view-tabs';
import { RunningWindowBadge } from '@/components/windows/running-window-badge';
import type { InitialSamples, TargetSummary } from '@/lib/snapshot';
import type { TargetView } from '@/lib/targets/views';
import { ConnectionBadge } from './connection-badge';
import { DashboardStoreProvider } from './dashboard-store-provider';
import { ServerIdentity } from './server-identity';
import { StatusStrip } from './status-strip';
import { TargetViewBody } from './target-view-body';
import { UnknownTargetNotice } from './unknown-target-notice';

interface DashboardProps {
  targets: TargetSummary[];
  current: TargetSummary;
  pollMs: number;
  /** `npm run demo`: show the lab panel. */
  demo: boolean;
  /** Prometheus is configured: offer the 7 d and 30 d ranges. */
  longRange?: boolean;
  /** The newest samples when the page was rendered: figures on the first paint. */
  initial?: InitialSamples;
  view: TargetView;
  /** The `?target=` that named no target, if it did not. */
  unknownTarget?: string | null;
}

/**
 * One target's console: the shared header with the view tabs, the status strip, then the view.
 * The providers sit above the view, so switching views keeps the stream, the session and what-if values carried to the editor.
 */
export function Dashboard({ targets, current, pollMs, demo, longRange = false, initial, view, unknownTarget = null }: DashboardProps) {
  return (
    <DashboardStoreProvider key={current.id} targetId={current.id} pollMs={pollMs} initial={initial}>
      <AdminStoreProvider>
        <AppHeader
          targets={targets}
          currentId={current.id}
          view={view}
          section="target"
          status={
            <>
              <ServerIdentity />
              <ConnectionBadge pollMs={pollMs} />
              <RunningWindowBadge targetId={current.id} />
            </>
          }
          tabs={<ViewTabs targetId={current.id} view={view} />}
        />
        <main id="main" tabIndex={-1} className="mx-auto grid max-w-[1600px] gap-4 p-3 sm:p-4" data-view={view}>
          {unknownTarget !== null ? <UnknownTargetNotice requested={unknownTarget} shown={current} /> : null}
          <StatusStrip targetId={current.id} />
          <TargetViewBody view={view} targetId={current.id} demo={demo} longRange={longRange} />
        </main>
      </AdminStoreProvider>
    </DashboardStoreProvider>
  );
}
