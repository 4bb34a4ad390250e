import 'server-only';
import { toCurrentConfig } from '../config-params';
import type { Snapshot } from '../snapshot';
import { currentGoodSnapshot } from './baseline-capture';
import { AuditLog } from './audit-log';
import { BaselineStore } from './baseline-store';
import type { ApplyContext } from './config-apply';
import { parseConfig, type AppConfig } from './config';
import { TargetPoller } from './target-poller';
import { WindowScheduler } from './window-scheduler';
import { WindowStore } from './window-store';

/** Every target's poller (one per target per process, shared by all viewers), and the write side. */
export class Hub {
  readonly pollers: ReadonlyMap<string, TargetPoller>;
  readonly audit: AuditLog;
  readonly baselines: BaselineStore;
  readonly windows: WindowStore;
  readonly scheduler: WindowScheduler;

  constructor(readonly config: AppConfig) {
    this.pollers = new Map(
      config.targets.map((target) => [
        target.id,
        new TargetPoller(target, {
          intervalMs: config.pollMs,
          timeoutMs: config.pollTimeoutMs,
          historySize: config.historySize,
          tlsCa: config.tlsCa,
        }),
      ]),
    );
    this.audit = new AuditLog(config.dataDir);
    this.baselines = new BaselineStore(config.dataDir);
    this.windows = new WindowStore(config.dataDir);
    this.scheduler = new WindowScheduler({
      store: this.windows,
      targets: config.targets,
      applyContext: (id) => this.applyContext(id),
      baselines: this.baselines,
      snapshotOf: (id) => this.currentSnapshot(id),
    });
  }

  start(): void {
    for (const poller of this.pollers.values()) poller.start();
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
  }

  get(targetId: string): TargetPoller | undefined {
    return this.pollers.get(targetId);
  }

  /** The target's newest sample if it is good and recent enough to stand for "now". */
  currentSnapshot(targetId: string): Snapshot | null {
    const poller = this.pollers.get(targetId);
    return poller ? currentGoodSnapshot(poller.latest(), this.config.pollMs * 3 + 5000) : null;
  }

  /** What the one config write path needs for a target. */
  applyContext(targetId: string): ApplyContext {
    const poller = this.pollers.get(targetId);
    if (!poller) throw new Error(`unknown target ${targetId}`);
    return {
      target: poller.target,
      tlsCa: this.config.tlsCa,
      audit: this.audit,
      onWritten: () => poller.requestRefresh(),
      lastKnown: () => {
        const last = poller.lastOk();
        return last ? { values: toCurrentConfig(last.config), identity: last.server } : null;
      },
    };
  }
}

// Next may bundle this module into several route chunks, and dev mode reloads it: the process-wide
// symbol keeps it to one hub (and so one poller per target) per process.
const HUB_KEY = Symbol.for('fragscope.hub');
type HubGlobal = typeof globalThis & { [HUB_KEY]?: Hub };

/** The process's hub, created and started on first use. Throws ConfigError on a bad environment. */
export function getHub(): Hub {
  const store = globalThis as HubGlobal;
  let hub = store[HUB_KEY];
  if (!hub) {
    hub = new Hub(parseConfig(process.env));
    hub.start();
    store[HUB_KEY] = hub;
    // Streams never end by themselves; without this `next start` waits on them forever at shutdown.
    const created = hub;
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void created.stop());
  }
  return hub;
}
