import 'server-only';
import type { HistoryStore } from '@/lib/history/history-store';
import { sampleOf, type HistoryRow } from './history-chunks';
import type { HistoryPersistence } from './history-persistence';
import type { TargetPoller } from './target-poller';

/** A mirrored history nobody asked for this long (and no stream watches) is freed. */
const IDLE_MS = 5 * 60_000;
const SWEEP_MS = 30_000;

/** Appends persisted rows to a store through its own API; returns the newest row's time. */
export function fillStore(store: HistoryStore, targetId: string, rows: readonly HistoryRow[]): number | null {
  for (const row of rows) store.append(sampleOf(targetId, row));
  return rows.at(-1)?.at ?? null;
}

/**
 * A replica that does not poll a target keeps no history of it. When someone asks this replica
 * for that history (a chart, a stream opening, run detection), it is loaded once from the state
 * Redis and then kept current by the relayed samples, until nobody has asked for IDLE_MS and no
 * stream is open: memory then goes back to the targets this replica polls.
 */
export class HistoryMirror {
  private readonly loads = new Map<TargetPoller, Promise<void>>();
  private readonly lastUse = new Map<TargetPoller, number>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(
    private readonly persistence: HistoryPersistence,
    private readonly log: (message: string) => void,
    private readonly idleMs = IDLE_MS,
  ) {}

  start(): void {
    this.sweeper = setInterval(() => this.sweep(), Math.min(SWEEP_MS, this.idleMs));
    this.sweeper.unref();
  }

  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
  }

  /** Targets whose history this replica mirrors now. */
  get mirrored(): string[] {
    return [...this.lastUse.keys()].map((p) => p.target.id).sort();
  }

  async historyOf(poller: TargetPoller): Promise<HistoryStore> {
    this.lastUse.set(poller, Date.now());
    let load = this.loads.get(poller);
    if (!load) {
      load = poller.loadHistory(async (store) => fillStore(store, poller.target.id, (await this.persistence.load(poller.target.id)).rows));
      this.loads.set(poller, load);
      load.catch((error: Error) => {
        // Not kept: the next request tries again.
        this.forget(poller);
        this.log(`history of ${poller.target.id} could not be read from the state Redis: ${error.message}`);
      });
    }
    await load;
    return poller.store;
  }

  /** This replica now polls the target (its history is its own) or has dropped it. */
  forget(poller: TargetPoller): void {
    this.loads.delete(poller);
    this.lastUse.delete(poller);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [poller, at] of this.lastUse) {
      if (now - at < this.idleMs || poller.viewerCount > 0 || poller.isPolling) continue;
      poller.releaseHistory();
      this.forget(poller);
    }
  }
}
