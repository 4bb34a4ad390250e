import type { SeriesSpec } from './time-series-chart';

// Declared once, outside render, so the memoised charts see stable props.
export const RATIOS: SeriesSpec[] = [
  { key: 'mem_fragmentation_ratio', label: 'RSS ratio (mem_fragmentation_ratio)', color: '#f97316' },
  { key: 'allocator_frag_ratio', label: 'allocator_frag_ratio (defrag acts on)', color: '#8b5cf6' },
];
export const MEMORY: SeriesSpec[] = [
  { key: 'used_memory', label: 'used_memory', color: '#0ea5e9' },
  { key: 'used_memory_rss', label: 'used_memory_rss', color: '#f97316' },
  { key: 'allocator_active', label: 'allocator_active', color: '#a78bfa', dashed: true },
  { key: 'allocator_resident', label: 'allocator_resident', color: '#7c3aed', dashed: true },
];
export const DEFRAG_RATES: SeriesSpec[] = [
  { key: 'active_defrag_hits_per_sec', label: 'defrag hits/s', color: '#10b981' },
  { key: 'active_defrag_misses_per_sec', label: 'defrag misses/s', color: '#ef4444' },
];
export const KEY_RATES: SeriesSpec[] = [
  { key: 'active_defrag_key_hits_per_sec', label: 'key hits/s', color: '#10b981' },
  { key: 'active_defrag_key_misses_per_sec', label: 'key misses/s', color: '#ef4444' },
];
export const EFFORT: SeriesSpec[] = [{ key: 'active_defrag_running', label: 'effort (active_defrag_running, % CPU)', color: '#8b5cf6' }];
export const RTT: SeriesSpec[] = [{ key: 'poll_rtt_ms', label: 'poll round trip (ms)', color: '#0ea5e9' }];

/** Every series the charts draw: longer ranges fetch only these. */
export const CHART_SERIES = [...new Set([...RATIOS, ...MEMORY, ...DEFRAG_RATES, ...KEY_RATES, ...EFFORT, ...RTT].map((s) => s.key))];
