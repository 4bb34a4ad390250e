import 'server-only';
import { parseConfig, type AppConfig } from './config';
import { TargetPoller } from './target-poller';

/** Every target's poller. One per target per process, shared by all viewers. */
export class Hub {
  readonly pollers: ReadonlyMap<string, TargetPoller>;

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
  }

  start(): void {
    for (const poller of this.pollers.values()) poller.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pollers.values()].map((p) => p.stop()));
  }

  get(targetId: string): TargetPoller | undefined {
    return this.pollers.get(targetId);
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
