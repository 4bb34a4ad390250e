import 'server-only';
import type { Baseline } from '@/lib/baselines';
import type { Snapshot } from '@/lib/snapshot';
import { newRecordId } from '../audit/audit-log';
import type { BaselineStore } from './baseline-store';

export interface CaptureRequest {
  name: string;
  note: string | null;
  takenBy: string;
  trigger: Baseline['trigger'];
}

/**
 * Stores a baseline of a good snapshot. Automatic captures (defrag switched on, a window
 * starting) pass the snapshot taken just before the change, so the baseline is truly "before".
 */
export async function captureBaseline(store: BaselineStore, snapshot: Snapshot, request: CaptureRequest): Promise<Baseline> {
  const baseline: Baseline = {
    id: `b-${newRecordId(new Date())}`,
    targetId: snapshot.targetId,
    name: request.name,
    note: request.note,
    at: snapshot.at,
    takenBy: request.takenBy,
    trigger: request.trigger,
    snapshot,
  };
  await store.add(baseline);
  return baseline;
}

/** The newest sample if it is good and fresh enough to stand for "now"; null otherwise. */
export function currentGoodSnapshot(latest: Snapshot | null, maxAgeMs: number, now = Date.now()): Snapshot | null {
  return latest && latest.ok && now - latest.at <= maxAgeMs ? latest : null;
}
