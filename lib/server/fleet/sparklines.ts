import 'server-only';
import { SPARKLINE_POINTS, SPARKLINE_SPAN_MS, type Sparkline } from '@/lib/fleet/api-schema';
import type { HistoryStore } from '@/lib/history/history-store';

/**
 * One target's last hour for its fleet sparklines: the history store's own min/max downsampling
 * (so a spike survives) to at most SPARKLINE_POINTS rows, read from memory with no Redis call.
 * Times are whole seconds after `from`: at 60 rows that keeps a target's JSON near 1.3 KB.
 */
export function sparklineOf(id: string, store: Pick<HistoryStore, 'query'>, to: number): Sparkline {
  const from = to - SPARKLINE_SPAN_MS;
  const result = store.query({ from, to, points: SPARKLINE_POINTS, series: ['allocator_frag_ratio', 'used_memory_rss'] });
  return {
    id,
    t: result.t.map((at) => Math.round((at - from) / 1000)),
    allocatorRatio: result.series.allocator_frag_ratio ?? [],
    rssBytes: result.series.used_memory_rss ?? [],
  };
}
