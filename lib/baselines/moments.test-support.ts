import { makeSnapshot, MB, type SnapshotPatch } from '../decision/snapshot.test-support';
import type { Snapshot, SnapshotInfo } from '../snapshot';
import { momentFromSnapshot, type Moment } from './moment';

/**
 * Snapshots shaped like a real lab run (Redis 7.4, `DEBUG POPULATE` then deleting two keys in
 * three, then `activedefrag yes`): before, RSS 192 MB over 62 MB used, allocator ratio 2.74 and no
 * hits yet; about 40 s later, RSS 132 MB, used unchanged, ratio 1.06 and 1.5M hits.
 */

export { MB };
export const T0 = Date.UTC(2026, 2, 14, 2, 0, 0);
export const LAB_ELAPSED_MS = 42_000;

export const LAB_BEFORE: Partial<SnapshotInfo> = {
  used_memory_rss: 192 * MB,
  used_memory: 62 * MB,
  mem_fragmentation_ratio: 3.1,
  mem_fragmentation_bytes: 130 * MB,
  allocator_frag_ratio: 2.74,
  allocator_frag_bytes: 106 * MB,
  active_defrag_hits: 0,
  active_defrag_misses: 0,
  active_defrag_key_hits: 0,
  active_defrag_key_misses: 0,
  total_active_defrag_time: 0,
};

export const LAB_AFTER: Partial<SnapshotInfo> = {
  used_memory_rss: 132 * MB,
  used_memory: 62 * MB,
  mem_fragmentation_ratio: 2.13,
  mem_fragmentation_bytes: 70 * MB,
  allocator_frag_ratio: 1.06,
  allocator_frag_bytes: 4 * MB,
  active_defrag_hits: 1_500_000,
  active_defrag_misses: 21_400,
  active_defrag_key_hits: 612_000,
  active_defrag_key_misses: 3_100,
  total_active_defrag_time: 38_500,
};

export interface LabPatch extends SnapshotPatch {
  at?: number;
  targetId?: string;
}

export function labSnapshot(base: Partial<SnapshotInfo>, patch: LabPatch = {}): Snapshot {
  const { at, targetId, ...rest } = patch;
  const snapshot = makeSnapshot({ ...rest, info: { ...base, ...rest.info } });
  return { ...snapshot, at: at ?? snapshot.at, targetId: targetId ?? 'lab' };
}

export function beforeMoment(patch: LabPatch = {}, label = 'before maintenance'): Moment {
  return momentFromSnapshot(labSnapshot(LAB_BEFORE, { at: T0, ...patch }), label);
}

export function afterMoment(patch: LabPatch = {}, label = 'now'): Moment {
  return momentFromSnapshot(labSnapshot(LAB_AFTER, { at: T0 + LAB_ELAPSED_MS, ...patch }), label);
}
