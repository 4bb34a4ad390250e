import 'server-only';
import type { PurgeStatus } from '@/lib/allocator/api-schema';
import { getHub } from '../core/hub';
import { processGlobal } from '../core/process-global';
import { findPoller } from '../http/find-target';
import { writeAccess } from '../session/write-access';

/**
 * MEMORY PURGE walks every arena under jemalloc's locks and makes the kernel unmap pages: a stall
 * of the server for as long as it takes (milliseconds per GB). One per target per minute is
 * plenty for an operator and keeps a double click or a script loop from hammering the server.
 * Counted from the start of an attempt, whatever its outcome, and one at a time.
 */
export const PURGE_INTERVAL_MS = 60_000;

interface Slot {
  startedAt: number;
  inFlight: boolean;
}

const slots = processGlobal('fragscope.memory-purge-slots', () => new Map<string, Slot>());

/** ms until this target may be purged again; null when it may now. */
export function purgeRetryAfterMs(targetId: string, now = Date.now()): number | null {
  const slot = slots.get(targetId);
  if (!slot) return null;
  if (slot.inFlight) return PURGE_INTERVAL_MS;
  const wait = slot.startedAt + PURGE_INTERVAL_MS - now;
  return wait > 0 ? wait : null;
}

/** Takes the target's slot; false when the limit holds. Release with `finishPurge`. */
export function startPurge(targetId: string, now = Date.now()): boolean {
  if (purgeRetryAfterMs(targetId, now) !== null) return false;
  slots.set(targetId, { startedAt: now, inFlight: true });
  return true;
}

export function finishPurge(targetId: string): void {
  const slot = slots.get(targetId);
  if (slot) slot.inFlight = false;
}

/**
 * MEMORY PURGE only acts on jemalloc (`jemalloc_purge`); with libc malloc the server answers OK
 * and does nothing, so the dashboard does not offer it. Unknown allocator: offered.
 */
export function purgeUnavailableReason(memAllocator: string | null): string | null {
  if (memAllocator === null || memAllocator.toLowerCase().startsWith('jemalloc')) return null;
  return `mem_allocator is ${memAllocator}: MEMORY PURGE only purges jemalloc's arenas, so on this build it answers OK and returns nothing`;
}

/** Whether this viewer may purge this target now, and if not, why. */
export function purgeStatus(targetId: string, request: Request, memAllocator: string | null): PurgeStatus {
  const { target } = findPoller(targetId);
  const unavailableReason = purgeUnavailableReason(memAllocator);
  const access = writeAccess(request, getHub().config.adminTokens, target, null);
  return {
    available: unavailableReason === null,
    unavailableReason,
    access: access.reason === 'sign in with the admin token to change settings' ? { ...access, reason: 'sign in with the admin token to purge' } : access,
    retryAfterMs: purgeRetryAfterMs(targetId),
  };
}
