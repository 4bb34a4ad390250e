import type { Snapshot } from '../snapshot';

/**
 * The fixed list of series the history keeps per target, and how each is read from a snapshot.
 * Names are Redis's own INFO names (so a figure can be checked with `redis-cli INFO`), plus
 * `poll_rtt_ms`, `threshold_lower` (config `active-defrag-threshold-lower`, percent), `activedefrag`
 * (1/0), `ignore_bytes` (config `active-defrag-ignore-bytes`) and the
 * rates `<counter>_per_sec` computed from the counters.
 *
 * `precise` picks the column type of the 1 s tier:
 * - Float64 for every byte count, counter and millisecond total. Float32 has a 24-bit mantissa,
 *   so above 2^24 (16 MiB, or 16.7M hits) it can no longer hold every integer: a 10 GB RSS would
 *   come back off by up to 512 bytes, no longer matching INFO, and the differences we take from
 *   these columns (rates, "reclaimed so far") would be noise where the change is small.
 * - Float32 only where the values are small or coarse by nature: ratios (INFO prints 2 decimals),
 *   `active_defrag_running` (0..99), the threshold (0..1000) and the poll RTT (whole ms). Each is
 *   exact or far below its printed precision, and it saves 4 bytes per row each.
 * `decimals` rounds on the way out, so Float32's binary noise (1.23 -> 1.2300000190734863) never
 * reaches the JSON; omitted for integer-valued series.
 */
interface StoredSeriesSpec {
  readonly name: string;
  readonly read: (snapshot: Snapshot) => number | null;
  readonly precise: boolean;
  readonly decimals?: number;
}

const info =
  <K extends keyof Snapshot['info']>(field: K) =>
  (s: Snapshot): number | null =>
    s.info[field];

export const STORED_SERIES = [
  { name: 'used_memory', read: info('used_memory'), precise: true },
  { name: 'used_memory_rss', read: info('used_memory_rss'), precise: true },
  { name: 'mem_fragmentation_ratio', read: info('mem_fragmentation_ratio'), precise: false, decimals: 4 },
  { name: 'mem_fragmentation_bytes', read: info('mem_fragmentation_bytes'), precise: true },
  { name: 'allocator_frag_ratio', read: info('allocator_frag_ratio'), precise: false, decimals: 4 },
  { name: 'allocator_frag_bytes', read: info('allocator_frag_bytes'), precise: true },
  { name: 'allocator_active', read: info('allocator_active'), precise: true },
  { name: 'allocator_resident', read: info('allocator_resident'), precise: true },
  { name: 'allocator_allocated', read: info('allocator_allocated'), precise: true },
  { name: 'active_defrag_running', read: info('active_defrag_running'), precise: false, decimals: 0 },
  { name: 'active_defrag_hits', read: info('active_defrag_hits'), precise: true },
  { name: 'active_defrag_misses', read: info('active_defrag_misses'), precise: true },
  { name: 'active_defrag_key_hits', read: info('active_defrag_key_hits'), precise: true },
  { name: 'active_defrag_key_misses', read: info('active_defrag_key_misses'), precise: true },
  { name: 'total_active_defrag_time', read: info('total_active_defrag_time'), precise: true },
  { name: 'current_active_defrag_time', read: info('current_active_defrag_time'), precise: true },
  { name: 'poll_rtt_ms', read: (s) => s.derived.pollRttMs, precise: false, decimals: 3 },
  { name: 'threshold_lower', read: (s) => s.config['active-defrag-threshold-lower'], precise: false },
  // The run settling waits for lazy free to finish (defrag-runs.ts); 0 vs > 0 is what matters, so Float32.
  { name: 'lazyfree_pending_objects', read: info('lazyfree_pending_objects'), precise: false },
  // The config the start test compared, per sample, for the threshold replay (lib/decision/replay.ts).
  { name: 'activedefrag', read: (s) => (s.config.activedefrag === null ? null : s.config.activedefrag ? 1 : 0), precise: false },
  { name: 'ignore_bytes', read: (s) => s.config['active-defrag-ignore-bytes'], precise: true },
] as const satisfies readonly StoredSeriesSpec[];

export type StoredSeriesName = (typeof STORED_SERIES)[number]['name'];

/** The counters shown as per-second rates (reset by CONFIG RESETSTAT and by a restart). */
export const COUNTER_SERIES = [
  'active_defrag_hits',
  'active_defrag_misses',
  'active_defrag_key_hits',
  'active_defrag_key_misses',
] as const satisfies readonly StoredSeriesName[];

export type CounterName = (typeof COUNTER_SERIES)[number];
export type RateName = `${CounterName}_per_sec`;
export type SeriesName = StoredSeriesName | RateName;

export const RATE_SERIES: readonly RateName[] = COUNTER_SERIES.map((c) => `${c}_per_sec` as const);

/** Every series a query can return, stored ones first, in a fixed order (also the coarse tier's channel order). */
export const SERIES_NAMES: readonly SeriesName[] = [...STORED_SERIES.map((s) => s.name), ...RATE_SERIES];

/** Column index of each counter among STORED_SERIES. */
export const COUNTER_COLUMNS: readonly number[] = COUNTER_SERIES.map((c) => STORED_SERIES.findIndex((s) => s.name === c));

/** Rates are shown to the thousandth: finer digits are division noise, not information. */
export const RATE_DECIMALS = 3;

/** Decimals to round each channel (SERIES_NAMES order) to on output; undefined = leave as is. */
export const CHANNEL_DECIMALS: readonly (number | undefined)[] = [
  ...STORED_SERIES.map((s: StoredSeriesSpec) => s.decimals),
  ...RATE_SERIES.map(() => RATE_DECIMALS),
];

export function isSeriesName(name: string): name is SeriesName {
  return (SERIES_NAMES as readonly string[]).includes(name);
}

/** Rounds for output without allocating strings (toFixed would cost more on 100k values). */
export function roundTo(value: number, decimals: number | undefined): number {
  if (decimals === undefined) return value;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
}
