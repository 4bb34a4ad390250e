/**
 * Tasks that must not overlap (appends to one file, transactions on one connection, deliveries in
 * order) run one after another, each starting once every earlier one has settled. A task that fails
 * rejects its own caller only: the queue goes on with the next one.
 */

export interface SerialQueue {
  /** Runs `task` after every task given before it; resolves or rejects with the task's own result. */
  run<T>(task: () => T | PromiseLike<T>): Promise<T>;
  /** Resolves once every task given so far has settled. Never rejects. */
  idle(): Promise<void>;
}

const settle = (): void => undefined;

export function createSerialQueue(): SerialQueue {
  // Always a promise that never rejects, so one failure does not skip the tasks behind it.
  let tail: Promise<void> = Promise.resolve();
  return {
    run<T>(task: () => T | PromiseLike<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.then(settle, settle);
      return result;
    },
    idle: () => tail,
  };
}

export interface KeyedSerialQueue<K> {
  /** Runs `task` after every task given before it for the same key; other keys do not wait. */
  run<T>(key: K, task: () => T | PromiseLike<T>): Promise<T>;
  /** Keys with a task queued or running (a key is forgotten once its queue empties). */
  readonly size: number;
}

/** One serial queue per key, dropped when it runs dry so a long-lived process does not collect keys. */
export function createKeyedSerialQueue<K>(): KeyedSerialQueue<K> {
  const queues = new Map<K, { queue: SerialQueue; waiting: number }>();
  return {
    run<T>(key: K, task: () => T | PromiseLike<T>): Promise<T> {
      let entry = queues.get(key);
      if (!entry) {
        entry = { queue: createSerialQueue(), waiting: 0 };
        queues.set(key, entry);
      }
      const current = entry;
      current.waiting++;
      const result = current.queue.run(task);
      void result.then(settle, settle).then(() => {
        if (--current.waiting === 0 && queues.get(key) === current) queues.delete(key);
      });
      return result;
    },
    get size() {
      return queues.size;
    },
  };
}
