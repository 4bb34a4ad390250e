'use client';

import { AllocatorFigure } from '@/components/gauge/allocator-figure';
import { DefragStatus } from '@/components/gauge/defrag-status';
import { MemoryBars } from '@/components/gauge/memory-bars';
import { RssGauge } from '@/components/gauge/rss-gauge';
import { fragInputFromInfo } from '@/lib/decision/frag-input';
import { engineTraits } from '@/lib/decision/version';
import { useDashboard } from './dashboard-store-provider';

/** The gauge panel. Through an outage it keeps the last good figures, dimmed. */
export function FragmentationSection() {
  const snapshot = useDashboard((s) => s.lastOk);
  const stale = useDashboard((s) => s.latest !== null && !s.latest.ok);
  if (!snapshot) {
    return (
      <section className="rounded-lg border border-zinc-200 p-6 text-sm text-zinc-500 dark:border-zinc-800" data-testid="fragmentation-empty">
        Waiting for the first sample…
      </section>
    );
  }
  const { info, config, derived } = snapshot;
  // The decision's own percent (from the byte figures, in the server's float arithmetic), not one
  // from the two-decimal ratio: the gauge and the verdict must never disagree (2% beside 1.8%).
  const frag = fragInputFromInfo(info, engineTraits(snapshot.server), snapshot.server.allocator);
  return (
    <section
      className={`grid gap-6 rounded-lg border border-zinc-200 p-4 md:grid-cols-[auto_1fr] dark:border-zinc-800 ${stale ? 'opacity-50' : ''}`}
      data-testid="fragmentation-section"
      data-stale={stale}
    >
      <RssGauge ratio={info.mem_fragmentation_ratio} bytes={info.mem_fragmentation_bytes} health={derived.health} />
      <div className="flex flex-col justify-center gap-4">
        <AllocatorFigure
          ratio={info.allocator_frag_ratio}
          pct={frag?.pct ?? null}
          bytes={frag?.bytes ?? info.allocator_frag_bytes}
          thresholdLower={config['active-defrag-threshold-lower']}
          ignoreBytes={config['active-defrag-ignore-bytes']}
        />
        <MemoryBars
          used={info.used_memory}
          rss={info.used_memory_rss}
          allocated={info.allocator_allocated}
          active={info.allocator_active}
          resident={info.allocator_resident}
        />
        <DefragStatus
          running={info.active_defrag_running}
          enabled={config.activedefrag}
          supported={derived.defragSupported}
          forkChild={derived.forkChildActive}
          currentDefragTimeMs={info.current_active_defrag_time}
        />
      </div>
    </section>
  );
}
