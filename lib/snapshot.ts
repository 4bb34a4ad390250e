import { z } from 'zod';
import { latencyCostSchema } from './latency/api-schema';

/**
 * The one snapshot type shared by server and browser. The server builds it (lib/info-parser.ts
 * is the only place that reads raw INFO text, lib/server/polling/snapshot-builder.ts assembles it); the browser validates every SSE payload against
 * `snapshotSchema` before it reaches the store.
 *
 * Field names are Redis's own, so an operator can check any figure with `redis-cli INFO`.
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

const nullableNumber = z.number().finite().nullable();

/**
 * A field missing from a stored snapshot (a baseline saved before this version read that field) is
 * `null`, as for a server that lacks it: a new INFO field must never make a saved baseline unreadable.
 */
const storedNumber = nullableNumber.default(null);
const infoShape = Object.fromEntries(ALL_INFO_FIELDS.map((f) => [f, storedNumber])) as Record<InfoField, typeof storedNumber>;
const configNumberShape = Object.fromEntries(CONFIG_NUMBER_FIELDS.map((f) => [f, storedNumber])) as Record<ConfigNumberField, typeof storedNumber>;

export const serverIdentitySchema = z.object({
  engine: z.enum(['redis', 'valkey']).nullable(),
  /** The engine's own version: `valkey_version` on Valkey (its `redis_version` is a compatibility figure). */
  version: z.string().nullable(),
  /** `mem_allocator`; it does not tell whether defrag is supported (Debian links the system jemalloc). */
  allocator: z.string().nullable(),
  /** `run_id` changes on every restart: comparisons and rates use it to notice one. */
  runId: z.string().nullable(),
});
export type ServerIdentity = z.infer<typeof serverIdentitySchema>;

export const snapshotSchema = z.object({
  targetId: z.string(),
  /** Per target, per dashboard process; increases by one per sample. */
  seq: z.number().int().nonnegative(),
  /** Milliseconds since the epoch when the sample was taken. */
  at: z.number(),
  ok: z.boolean(),
  error: z.string().optional(),
  server: serverIdentitySchema,
  info: z.object(infoShape),
  config: z.object({ activedefrag: z.boolean().nullable(), ...configNumberShape }),
  /** Re-read with the config (not every poll). `null` where LATENCY / CONFIG is unavailable. */
  latency: z.object({
    /** `latency-monitor-threshold`: 0 means latency monitoring is off and no event is recorded. */
    monitorThresholdMs: z.number().nullable(),
    /** The `active-defrag-cycle` event of `LATENCY LATEST`, when recorded. */
    defragCycle: z.object({ at: z.number(), latestMs: z.number(), maxMs: z.number() }).nullable(),
    /** While a defrag run goes on: p99 per busy command against the 5 minutes before it (lib/latency). */
    defragCost: latencyCostSchema.nullable().optional(),
  }),
  derived: z.object({
    health: z.enum(HEALTH_STATES),
    connection: z.enum(CONNECTION_STATES),
    /** Round-trip time of this sample's poll (one pipelined call), ms. */
    pollRttMs: z.number().nullable(),
    /** From the side-effect-free CONFIG SET probe; `null` when it could not be asked. */
    defragSupported: z.boolean().nullable(),
    /** Redis's own refusal text when the probe found no defrag support. */
    defragUnsupportedReason: z.string().nullable(),
    /** A fork child (BGSAVE, AOF rewrite, module fork) is running: active defrag pauses meanwhile. */
    forkChildActive: z.boolean().nullable(),
    /** Keys in all databases (INFO keyspace): a defrag pass visits each once. */
    keys: z.number().nullable(),
    /** What the parser could not read (garbage lines, non-numeric values). Empty when clean. */
    parseWarnings: z.array(z.string()),
  }),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

/** The server's newest samples at render time: the dashboard paints with figures before the stream opens. */
export interface InitialSamples {
  latest: Snapshot | null;
  lastOk: Snapshot | null;
}
export type SnapshotInfo = Snapshot['info'];
export type SnapshotConfig = Snapshot['config'];

/** Public description of a target: never carries the URL's password or user. */
export const targetSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `host:port`, for display. */
  address: z.string(),
  tls: z.boolean(),
  engine: z.enum(['redis', 'valkey']).nullable(),
  version: z.string().nullable(),
  connected: z.boolean(),
  defragSupported: z.boolean().nullable(),
  lastSampleAt: z.number().nullable(),
});
export type TargetSummary = z.infer<typeof targetSummarySchema>;

/** SSE event names on `/api/targets/{id}/stream`. */
export const STREAM_EVENTS = { history: 'history', snapshot: 'snapshot' } as const;

export function emptyInfo(): SnapshotInfo {
  return Object.fromEntries(ALL_INFO_FIELDS.map((f) => [f, null])) as SnapshotInfo;
}

export type SnapshotLatency = Snapshot['latency'];

export function emptyLatency(): SnapshotLatency {
  return { monitorThresholdMs: null, defragCycle: null };
}

export function emptyConfig(): SnapshotConfig {
  return {
    activedefrag: null,
    ...(Object.fromEntries(CONFIG_NUMBER_FIELDS.map((f) => [f, null])) as Record<ConfigNumberField, null>),
  };
}
