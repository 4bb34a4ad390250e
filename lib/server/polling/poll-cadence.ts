import 'server-only';
import type { Snapshot } from '@/lib/snapshot';

/**
 * When a target needs 1 s samples and when the idle period (FRAGSCOPE_IDLE_POLL_MS, 5 s) is
 * enough: the cost to Redis of watching a quiet server nobody looks at drops 5x, while anything
 * worth a 1 s line still gets one. Fast while:
 * - a viewer has the target's live stream open;
 * - defrag runs (`active_defrag_running` > 0), and for SETTLE_MS after the last sample that
 *   showed it (RSS keeps falling for seconds after a run: defrag-runs.ts settles it);
 * - fragmentation moves: allocator_frag_bytes changed since the previous good sample by 1 MiB or
 *   more, or by 1 % of itself and at least 256 KiB (the floor keeps a small server's allocator
 *   noise, a few KiB, from counting), or a defrag counter (hits, misses, key hits, key misses)
 *   advanced; and for SETTLE_MS after that;
 * - the caller says so (`keepFast`: a maintenance window is active, or we just wrote its config).
 * A failed poll changes nothing: the cadence stays as it was until the server answers again.
 */

/** 1 MiB, or 1 % of the fragmentation above a 256 KiB floor: below that a 5 s line draws the same picture. */
export const MOVE_BYTES = 1024 * 1024;
export const MOVE_FRACTION = 0.01;
export const MOVE_FLOOR_BYTES = 256 * 1024;
/** How long 1 s sampling outlives the last run or movement seen. */
export const SETTLE_MS = 60_000;

const COUNTERS = ['active_defrag_hits', 'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses'] as const;

export type CadenceReason = 'viewer' | 'running' | 'moving' | 'kept' | 'idle';

export class PollCadence {
  private lastGood: Snapshot | null = null;
  private busyUntil = Number.NEGATIVE_INFINITY;

  constructor(
    readonly fastMs: number,
    /** Never below fastMs. */
    readonly idleMs: number,
  ) {}

  get enabled(): boolean {
    return this.idleMs > this.fastMs;
  }

  /** Feeds each published sample (good ones only count). */
  observe(snapshot: Snapshot): void {
    if (!snapshot.ok) return;
    const prev = this.lastGood;
    this.lastGood = snapshot;
    if (isRunning(snapshot) || (prev !== null && moved(prev, snapshot))) this.busyUntil = snapshot.at + SETTLE_MS;
  }

  /** Something just happened that the next minute should see at 1 s (our own CONFIG SET). */
  hold(now: number): void {
    this.busyUntil = Math.max(this.busyUntil, now + SETTLE_MS);
  }

  /** Why the next poll comes after fastMs (or 'idle': after idleMs). */
  reason(now: number, viewers: number, keepFast: boolean): CadenceReason {
    if (!this.enabled) return 'viewer';
    if (viewers > 0) return 'viewer';
    if (keepFast) return 'kept';
    if (now < this.busyUntil) return this.lastGood && isRunning(this.lastGood) ? 'running' : 'moving';
    return 'idle';
  }

  intervalMs(now: number, viewers: number, keepFast: boolean): number {
    return this.reason(now, viewers, keepFast) === 'idle' ? this.idleMs : this.fastMs;
  }
}

function isRunning(s: Snapshot): boolean {
  return (s.info.active_defrag_running ?? 0) > 0;
}

/** Fragmentation moved between two good samples (see the class comment for the figures). */
export function moved(prev: Snapshot, next: Snapshot): boolean {
  const a = prev.info.allocator_frag_bytes;
  const b = next.info.allocator_frag_bytes;
  if (a !== null && b !== null) {
    const delta = Math.abs(b - a);
    if (delta >= MOVE_BYTES || (delta >= MOVE_FRACTION * Math.abs(a) && delta >= MOVE_FLOOR_BYTES)) return true;
  }
  // A run_id change resets the counters: not movement by itself.
  if (prev.server.runId !== next.server.runId) return false;
  return COUNTERS.some((k) => {
    const x = prev.info[k];
    const y = next.info[k];
    return x !== null && y !== null && y > x;
  });
}
