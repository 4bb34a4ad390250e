import 'server-only';
import { processGlobal } from '../core/process-global';

/**
 * Per-address backoff for wrong tokens (sign-in and bearer): after MAX_FAILURES wrong guesses
 * within WINDOW_MS an address is refused (429) until its oldest failure leaves the window, so
 * guessing runs at 5 a minute instead of hundreds a second. Per process, in memory.
 */
export const MAX_FAILURES = 5;
export const WINDOW_MS = 60_000;
/** Bounds the table under a spray from many addresses; the oldest addresses go first. */
const MAX_ADDRESSES = 10_000;

const failures = processGlobal('fragscope.guessFailures', () => new Map<string, number[]>());

function recent(address: string, now: number): number[] {
  const times = (failures.get(address) ?? []).filter((t) => t > now - WINDOW_MS);
  if (times.length === 0) failures.delete(address);
  else failures.set(address, times);
  return times;
}

/** Seconds until `address` may guess again; 0 when it may now. */
export function retryAfterSeconds(address: string, now = Date.now()): number {
  const times = recent(address, now);
  if (times.length < MAX_FAILURES) return 0;
  return Math.max(1, Math.ceil((times[times.length - MAX_FAILURES]! + WINDOW_MS - now) / 1000));
}

export function recordFailure(address: string, now = Date.now()): void {
  const times = recent(address, now);
  times.push(now);
  // Only the last MAX_FAILURES matter for the backoff.
  failures.delete(address);
  failures.set(address, times.slice(-MAX_FAILURES));
  while (failures.size > MAX_ADDRESSES) failures.delete(failures.keys().next().value!);
}

export function resetGuessLimiter(): void {
  failures.clear();
}
