import 'server-only';
import { createKeyedSerialQueue } from '@/lib/serial-queue';

const locks = createKeyedSerialQueue<string>();

/**
 * Runs config writes to one target one at a time (an operator's apply, a revert and the window
 * scheduler can race): each reads, validates and writes against the state the previous one left.
 */
export function withTargetLock<T>(targetId: string, work: () => Promise<T>): Promise<T> {
  return locks.run(targetId, work);
}
