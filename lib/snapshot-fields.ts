import type { SnapshotConfig, SnapshotInfo, SnapshotLatency } from './snapshot';

/**
 * The snapshot's field lists and empty values, without its zod schema (snapshot.ts re-exports them):
 * code on the page's first load (the decision, the INFO parser) reads these, and importing them from
 * snapshot.ts would bring zod (~32 KiB gzipped) into that load.
 */

/** Numeric INFO fields we read, by section. A field the server's version lacks is `null`. */
export const INFO_FIELDS = {
  memory: [
    'used_memory',
    'used_memory_rss',
    'used_memory_peak',
    'used_memory_dataset',
    'used_memory_overhead',
    'used_memory_startup',
    'maxmemory',
    'mem_fragmentation_ratio',
    'mem_fragmentation_bytes',
    'allocator_allocated',
    'allocator_active',
    'allocator_resident',
    'allocator_muzzy',
    'allocator_frag_ratio',
    'allocator_frag_bytes',
    'allocator_rss_ratio',
    'allocator_rss_bytes',
    'rss_overhead_ratio',
    'rss_overhead_bytes',
    'active_defrag_running',
    'lazyfree_pending_objects',
    // Lua VMs' own counts: the fallback for the Lua arena when INFO debug is unavailable (Redis >= 7.4).
    'used_memory_vm_eval',
    'used_memory_vm_functions',
  ],
  stats: [
    'active_defrag_hits',
    'active_defrag_misses',
    'active_defrag_key_hits',
    'active_defrag_key_misses',
    'total_active_defrag_time',
    'current_active_defrag_time',
    'total_commands_processed',
    // Redis >= 7.2 / Valkey: the event loop's cycles and their summed duration (µs). Their ratio is how
    // long the server is away from its clients per cycle: the wait a defrag slice adds to every request,
    // which LATENCY HISTOGRAM (a command's execution only) does not see.
    'eventloop_cycles',
    'eventloop_duration_sum',
  ],
  persistence: ['loading', 'rdb_bgsave_in_progress', 'aof_rewrite_in_progress', 'module_fork_in_progress', 'slot_migration_fork_in_progress'],
  // Redis >= 7.4 only, asked for by name: the Lua arena the decision subtracts from allocator_allocated.
  debug: ['allocator_allocated_lua', 'allocator_frag_bytes_lua'],
  // INFO server is read on connect and every few seconds, so only slow-changing figures live here.
  server: ['hz', 'process_id'],
} as const;

export type InfoSection = keyof typeof INFO_FIELDS;
export type InfoField = (typeof INFO_FIELDS)[InfoSection][number];
export const ALL_INFO_FIELDS: readonly InfoField[] = Object.values(INFO_FIELDS).flat();

/** Runtime config read with `CONFIG GET active*`. `activedefrag` is a boolean, the rest numbers. */
export const CONFIG_NUMBER_FIELDS = [
  'active-defrag-ignore-bytes',
  'active-defrag-threshold-lower',
  'active-defrag-threshold-upper',
  'active-defrag-cycle-min',
  'active-defrag-cycle-max',
  'active-defrag-max-scan-fields',
  'active-defrag-cycle-us',
] as const;
export type ConfigNumberField = (typeof CONFIG_NUMBER_FIELDS)[number];

export const HEALTH_STATES = ['healthy', 'moderate', 'high', 'below-one', 'too-small', 'unknown'] as const;
export type Health = (typeof HEALTH_STATES)[number];

/** `connected`: the last poll answered; `stalled`: a poll is overdue; `disconnected`: no connection. */
export const CONNECTION_STATES = ['connected', 'stalled', 'disconnected'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** SSE event names on `/api/targets/{id}/stream`. */
export const STREAM_EVENTS = { history: 'history', snapshot: 'snapshot' } as const;

export function emptyInfo(): SnapshotInfo {
  return Object.fromEntries(ALL_INFO_FIELDS.map((f) => [f, null])) as SnapshotInfo;
}

export function emptyLatency(): SnapshotLatency {
  return { monitorThresholdMs: null, defragCycle: null };
}

export function emptyConfig(): SnapshotConfig {
  return {
    activedefrag: null,
    ...(Object.fromEntries(CONFIG_NUMBER_FIELDS.map((f) => [f, null])) as Record<ConfigNumberField, null>),
  };
}
