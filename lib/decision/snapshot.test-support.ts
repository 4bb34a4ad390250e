import { emptyConfig, emptyInfo, snapshotSchema, type ServerIdentity, type Snapshot, type SnapshotConfig, type SnapshotInfo } from '../snapshot';
import { classifyRssRatio } from './rule-of-thumb';

export const MB = 1024 * 1024;

/** Redis's defaults (6.0+) with activedefrag switched on. */
export function defaultConfig(patch: Partial<SnapshotConfig> = {}): SnapshotConfig {
  return {
    ...emptyConfig(),
    activedefrag: true,
    'active-defrag-ignore-bytes': 100 * MB,
    'active-defrag-threshold-lower': 10,
    'active-defrag-threshold-upper': 100,
    'active-defrag-cycle-min': 1,
    'active-defrag-cycle-max': 25,
    'active-defrag-max-scan-fields': 1000,
    ...patch,
  };
}

/** A fragmented 7.4.6 instance (7.4 traits, no known defect) like the facts file's workload: every condition holds, nothing running yet. */
export function fragmentedInfo(patch: Partial<SnapshotInfo> = {}): SnapshotInfo {
  const info = rawFragmentedInfo(patch);
  // The decision reads the byte figures (frag-input.ts): keep them consistent with the ratio a test
  // sets, unless it sets them itself. Small-bin bytes over allocated (7.4+) and active minus allocated
  // (7.0) then both give the ratio's percent.
  const ratio = info.allocator_frag_ratio;
  const bytes = info.allocator_frag_bytes;
  if (patch.allocator_allocated === undefined && ratio !== null && bytes !== null && ratio > 1) {
    info.allocator_allocated = Math.round(bytes / (ratio - 1));
    if (patch.allocator_active === undefined) info.allocator_active = info.allocator_allocated + bytes;
  }
  return info;
}

function rawFragmentedInfo(patch: Partial<SnapshotInfo>): SnapshotInfo {
  return {
    ...emptyInfo(),
    used_memory: 130 * MB,
    used_memory_rss: 360 * MB,
    used_memory_peak: 140 * MB,
    mem_fragmentation_ratio: 2.77,
    mem_fragmentation_bytes: 230 * MB,
    allocator_allocated: 131 * MB,
    allocator_active: 355 * MB,
    allocator_resident: 358 * MB,
    allocator_frag_ratio: 2.73,
    allocator_frag_bytes: 224 * MB,
    // INFO debug (Redis >= 7.4): the Lua arena the decision subtracts; the poller asks for it.
    allocator_allocated_lua: 0,
    allocator_rss_ratio: 1.01,
    allocator_rss_bytes: 3 * MB,
    rss_overhead_ratio: 1.0,
    rss_overhead_bytes: 2 * MB,
    active_defrag_running: 0,
    active_defrag_hits: 0,
    active_defrag_misses: 0,
    loading: 0,
    rdb_bgsave_in_progress: 0,
    aof_rewrite_in_progress: 0,
    module_fork_in_progress: 0,
    ...patch,
  };
}

export interface SnapshotPatch {
  ok?: boolean;
  error?: string;
  server?: Partial<ServerIdentity>;
  info?: Partial<SnapshotInfo>;
  config?: Partial<SnapshotConfig>;
  derived?: Partial<Snapshot['derived']>;
  latency?: Partial<Snapshot['latency']>;
}

/** A schema-valid snapshot; `derived.health` follows the RSS ratio unless the patch sets it. */
export function makeSnapshot(patch: SnapshotPatch = {}): Snapshot {
  const info = fragmentedInfo(patch.info);
  const snapshot: Snapshot = {
    targetId: 'test',
    seq: 1,
    at: 1_700_000_000_000,
    ok: patch.ok ?? true,
    ...(patch.error !== undefined ? { error: patch.error } : {}),
    server: { engine: 'redis', version: '7.4.6', allocator: 'jemalloc-5.3.0', runId: 'r1', ...patch.server },
    info,
    config: defaultConfig(patch.config),
    // Neutral: monitoring on, nothing recorded (diagnose-latency.test.ts varies it).
    latency: { monitorThresholdMs: 10, defragCycle: null, ...patch.latency },
    derived: {
      health: classifyRssRatio(info.used_memory, info.mem_fragmentation_ratio),
      connection: 'connected',
      pollRttMs: 1,
      defragSupported: true,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: 1_000_000,
      parseWarnings: [],
      ...patch.derived,
    },
  };
  // Parsing keeps the factory honest if the shared schema changes shape.
  return snapshotSchema.parse(snapshot);
}

/** Sets the allocator figures from a fragmentation percentage (ratio = 1 + pct / 100). */
export function withFrag(pct: number, bytes: number): Partial<SnapshotInfo> {
  return { allocator_frag_ratio: 1 + pct / 100, allocator_frag_bytes: bytes };
}
