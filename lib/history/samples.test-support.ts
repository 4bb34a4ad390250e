import { emptyConfig, emptyInfo, emptyLatency, type Snapshot, type SnapshotInfo } from '../snapshot';
import type { DefragSample } from './defrag-runs';

/** Test helpers for lib/history (no test of its own: used by the *.test.ts files beside it). */

export const MB = 1024 * 1024;
export const T0 = 1_700_000_000_000;

export interface SnapOptions {
  ok?: boolean;
  runId?: string | null;
  info?: Partial<SnapshotInfo>;
  thresholdLower?: number | null;
  rttMs?: number | null;
}

/** A schema-shaped snapshot at `at` with only the given INFO fields set. */
export function snap(at: number, options: SnapOptions = {}): Snapshot {
  const ok = options.ok ?? true;
  return {
    targetId: 't',
    seq: 0,
    at,
    ok,
    server: { engine: 'redis', version: '7.0.15', allocator: 'jemalloc-5.2.1', runId: options.runId === undefined ? 'run-a' : options.runId },
    info: ok ? { ...emptyInfo(), ...options.info } : emptyInfo(),
    config: { ...emptyConfig(), 'active-defrag-threshold-lower': options.thresholdLower ?? null },
    latency: emptyLatency(),
    derived: {
      health: 'unknown',
      connection: ok ? 'connected' : 'disconnected',
      pollRttMs: ok ? (options.rttMs ?? 1) : null,
      defragSupported: true,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: null,
      parseWarnings: [],
    },
  };
}

/** A recorded sequence as stored in fixtures/*.json (see fixtures/README.md). */
export interface Recording {
  engine: string;
  intervalMs: number;
  fields: string[];
  notes: Record<string, string>;
  /** [at, ok (0/1), runId, rttMs, thresholdLower, ...fields] per sample. */
  rows: (number | string | null)[][];
}

export function recordingSnapshots(recording: Recording): Snapshot[] {
  return recording.rows.map((row) => {
    const [at, ok, runId, rttMs, thresholdLower, ...values] = row;
    const info: Partial<SnapshotInfo> = {};
    recording.fields.forEach((field, i) => {
      (info as Record<string, number | null>)[field] = (values[i] as number | null | undefined) ?? null;
    });
    return snap(at as number, {
      ok: ok === 1,
      runId: (runId as string | null) ?? null,
      info,
      thresholdLower: thresholdLower as number | null,
      rttMs: rttMs as number | null,
    });
  });
}

export function toDefragSamples(snapshots: readonly Snapshot[]): DefragSample[] {
  return snapshots.map((s) => ({
    at: s.at,
    ok: s.ok,
    active_defrag_running: s.info.active_defrag_running,
    used_memory_rss: s.info.used_memory_rss,
    allocator_frag_bytes: s.info.allocator_frag_bytes,
    allocator_frag_ratio: s.info.allocator_frag_ratio,
    active_defrag_hits: s.info.active_defrag_hits,
    threshold_lower: s.config['active-defrag-threshold-lower'],
    active_defrag_key_hits: s.info.active_defrag_key_hits,
    active_defrag_key_misses: s.info.active_defrag_key_misses,
  }));
}

/**
 * Samples 1 s apart from a compact script: each entry is active_defrag_running, or null for a
 * failed poll. Frag bytes follow `frag(i)` (default: flat 100 MB).
 */
export function runningSequence(running: readonly (number | null)[], frag: (i: number) => number = () => 100 * MB, start = T0): DefragSample[] {
  return running.map((r, i) => ({
    at: start + i * 1000,
    ok: r !== null,
    active_defrag_running: r,
    used_memory_rss: r === null ? null : 300 * MB - i * MB,
    allocator_frag_bytes: r === null ? null : frag(i),
    allocator_frag_ratio: r === null ? null : 1 + frag(i) / (100 * MB),
    active_defrag_hits: r === null ? null : i * 1000,
  }));
}
