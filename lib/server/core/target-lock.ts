import 'server-only';

const chains = new Map<string, Promise<unknown>>();

/**
 * Runs config writes to one target one at a time (an operator's apply, a revert and the window
 * scheduler can race): each reads, validates and writes against the state the previous one left.
 */
export function withTargetLock<T>(targetId: string, work: () => Promise<T>): Promise<T> {
  const previous = chains.get(targetId) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => undefined);
  chains.set(targetId, settled);
  void settled.then(() => {
    if (chains.get(targetId) === settled) chains.delete(targetId);
  });
  return run;
}
