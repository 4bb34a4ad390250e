import { z } from 'zod';
import { latencyCostSchema } from './latency/api-schema';
import { ALL_INFO_FIELDS, CONFIG_NUMBER_FIELDS, CONNECTION_STATES, HEALTH_STATES, type ConfigNumberField, type InfoField } from './snapshot-fields';

/**
 * The one snapshot type shared by server and browser. The server builds it (lib/info-parser.ts
 * is the only place that reads raw INFO text, lib/server/polling/snapshot-builder.ts assembles it); the browser validates every SSE payload against
 * `snapshotSchema` before it reaches the store.
 *
 * Field names are Redis's own, so an operator can check any figure with `redis-cli INFO`.
 */

export {
  ALL_INFO_FIELDS,
  CONFIG_NUMBER_FIELDS,
  CONNECTION_STATES,
  emptyConfig,
  emptyInfo,
  emptyLatency,
  HEALTH_STATES,
  INFO_FIELDS,
  STREAM_EVENTS,
  type ConfigNumberField,
  type ConnectionState,
  type Health,
  type InfoField,
  type InfoSection,
} from './snapshot-fields';

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

export type SnapshotLatency = Snapshot['latency'];
