/**
 * Every process and socket the bench starts is registered here, and closed in reverse order on
 * success, on failure, and on Ctrl-C / SIGTERM. A measurement opens a child scope and closes it
 * when done, so the next measurement runs on a quiet machine.
 */
export class Scope {
  private readonly stack: { label: string; close: () => unknown }[] = [];

  constructor(private readonly parent: Scope | null = null) {}

  defer(label: string, close: () => unknown): void {
    this.stack.push({ label, close });
  }

  /** A scope whose leftovers the parent closes if the child's owner never does (e.g. on a throw). */
  child(): Scope {
    const scope = new Scope(this);
    this.defer('child scope', () => scope.closeAll());
    return scope;
  }

  async closeAll(): Promise<void> {
    for (let item = this.stack.pop(); item; item = this.stack.pop()) {
      try {
        await withTimeout(Promise.resolve(item.close()), 20_000, item.label);
      } catch (error) {
        console.error(`  [bench] cleanup of ${item.label} failed: ${(error as Error).message}`);
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${label}: no answer in ${ms} ms`)), ms);
    }),
  ]);
}
