import 'server-only';
import { createKeyedSerialQueue } from '@/lib/serial-queue';
import { processGlobal } from './process-global';

// Process-wide: the window scheduler (in the hub) and the config routes may reach this module
// through different route chunks, and they must wait on the same lock.
const locks = processGlobal('fragscope.target-locks', () => createKeyedSerialQueue<string>());

/**
 * Runs config writes to one target one at a time (an operator's apply, a revert and the window
 * scheduler can race): each reads, validates and writes against the state the previous one left.
 */
export function withTargetLock<T>(targetId: string, work: () => Promise<T>): Promise<T> {
  return locks.run(targetId, work);
}
