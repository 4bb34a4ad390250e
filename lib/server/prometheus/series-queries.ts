import 'server-only';
import type { SeriesName } from '@/lib/history/series';

/**
 * The PromQL that gives each history series back from what `/api/metrics` exports
 * (fleet/prometheus-metrics.ts: redis_exporter's names, a `target` label). Series it does not
 * export (the defrag time totals, the threshold) have no query: they come back as gaps.
 */
const GAUGES: Partial<Record<SeriesName, { metric: string; scale?: number }>> = {
  used_memory: { metric: 'redis_memory_used_bytes' },
  used_memory_rss: { metric: 'redis_memory_used_rss_bytes' },
  mem_fragmentation_ratio: { metric: 'redis_mem_fragmentation_ratio' },
  mem_fragmentation_bytes: { metric: 'redis_mem_fragmentation_bytes' },
  allocator_frag_ratio: { metric: 'redis_allocator_frag_ratio' },
  allocator_frag_bytes: { metric: 'redis_allocator_frag_bytes' },
  allocator_active: { metric: 'redis_allocator_active_bytes' },
  allocator_resident: { metric: 'redis_allocator_resident_bytes' },
  allocator_allocated: { metric: 'redis_allocator_allocated_bytes' },
  active_defrag_running: { metric: 'redis_active_defrag_running' },
  active_defrag_hits: { metric: 'redis_defrag_hits' },
  active_defrag_misses: { metric: 'redis_defrag_misses' },
  active_defrag_key_hits: { metric: 'redis_defrag_key_hits' },
  active_defrag_key_misses: { metric: 'redis_defrag_key_misses' },
  poll_rtt_ms: { metric: 'fragscope_poll_rtt_seconds', scale: 1000 },
};

const RATES: Partial<Record<SeriesName, string>> = {
  active_defrag_hits_per_sec: 'redis_defrag_hits',
  active_defrag_misses_per_sec: 'redis_defrag_misses',
  active_defrag_key_hits_per_sec: 'redis_defrag_key_hits',
  active_defrag_key_misses_per_sec: 'redis_defrag_key_misses',
};

/** A rate needs a few scrapes in its window; a step wider than that widens it (no scrape skipped). */
const MIN_RATE_WINDOW_S = 60;

function selector(metric: string, targetId: string): string {
  return `${metric}{target="${targetId.replace(/["\\]/g, '\\$&')}"}`;
}

/**
 * From this step up a gauge is read as its last value within each step (`last_over_time`), evaluated
 * at the step's end: an instant vector would see only Prometheus's 5 min lookback before each point,
 * so a 30 d chart (3.6 h steps) would miss the newest hours and most of every step.
 */
export const BUCKETED_STEP_MS = 60_000;

/** The PromQL for one series of one target at the given step, or null when it is not exported. */
export function promQuery(series: SeriesName, targetId: string, stepMs: number): string | null {
  const gauge = GAUGES[series];
  if (gauge) {
    const sel = selector(gauge.metric, targetId);
    const value = stepMs >= BUCKETED_STEP_MS ? `last_over_time(${sel}[${Math.ceil(stepMs / 1000)}s])` : sel;
    return gauge.scale ? `${value} * ${gauge.scale}` : value;
  }
  const counter = RATES[series];
  if (counter) return `rate(${selector(counter, targetId)}[${Math.max(MIN_RATE_WINDOW_S, Math.ceil(stepMs / 1000))}s])`;
  return null;
}
