import 'server-only';
import { toCurrentConfig } from '@/lib/config-params';
import type { Snapshot } from '@/lib/snapshot';
import type { HistoryStore } from '@/lib/history/history-store';
import { currentGoodSnapshot } from '../baselines/baseline-capture';
import type Redis from 'ioredis';
import { auditEntrySchema } from '@/lib/audit/api-schema';
import { AuditLog } from '../audit/audit-log';
import { BaselineStore, baselineRecordSchema } from '../baselines/baseline-store';
import { RedisDocument } from '../storage/redis-document';
import { RedisRecordLog } from '../storage/redis-record-log';
import { Replication } from '../polling/replication';
import { PrometheusClient } from '../prometheus/prometheus-client';
import type { ApplyContext } from '../config/config-apply';
import { alertingFor, stopAlerting } from '../alerts/hub-alerts';
import { SharedAlertState } from '../alerts/shared-alert-state';
import { ClusterGroup } from '../polling/cluster-group';
import { forgetConfigRead } from '../config/config-read-cache';
import { parseConfig, type AppConfig, type TargetConfig } from './env';
import { log } from './log';
import { createStateCommandClient, createStateWatcherClient } from '../redis/clients';
import { leaseKey, STATE_KEYS } from '../redis/state-keys';
import { processGlobal } from './process-global';
import { TargetPoller } from '../polling/target-poller';
import { GuardedScheduler } from './guarded-scheduler';
import type { WindowScheduler } from '../windows/window-scheduler';
import { WindowStore } from '../windows/window-store';
import { removeLeftoverTemps } from '../storage/durable-file';

/** Every target's poller (one per target per process, shared by all viewers), and the write side. */
export class Hub {
  private readonly pollerMap = new Map<string, TargetPoller>();
  /** `cluster+redis://` targets: each discovered node is added to the pollers as its own target. */
  readonly clusters: ReadonlyMap<string, ClusterGroup>;
  private started = false;
  readonly audit: AuditLog;
  readonly baselines: BaselineStore;
  readonly windows: WindowStore;
  readonly scheduler: WindowScheduler;
  /** With FRAGSCOPE_STATE_REDIS_URL: the leases that decide which replica polls which target. */
  readonly replication: Replication | null = null;
  private readonly stateClients: Redis[] = [];
  /** With replicas: alert states shared so every replica shows them and a takeover resumes them. */
  readonly sharedAlerts: SharedAlertState | null = null;
  /** With FRAGSCOPE_PROMETHEUS_URL: where history ranges beyond this app's memory are read. */
  readonly prometheus: PrometheusClient | null;

  constructor(readonly config: AppConfig) {
    this.prometheus = config.prometheusUrl ? new PrometheusClient(config.prometheusUrl) : null;
    for (const target of config.targets) if (!target.cluster) this.addPoller(target);
    this.clusters = new Map(
      config.targets
        .filter((t) => t.cluster)
        .map((target) => [
          target.id,
          new ClusterGroup(target, {
            tlsCa: config.tlsCa,
            refreshMs: config.clusterRefreshMs,
            onAdd: (node) => this.addPoller(node),
            onRemove: (id) => void this.removePoller(id),
          }),
        ]),
    );
    if (config.stateRedisUrl) {
      // Replicas share everything the user saves, and split the polling by lease.
      const state = createStateCommandClient(config.stateRedisUrl);
      const watcher = createStateWatcherClient(config.stateRedisUrl);
      this.audit = new AuditLog(new RedisRecordLog(state, STATE_KEYS.audit, auditEntrySchema));
      this.baselines = new BaselineStore(new RedisRecordLog(state, STATE_KEYS.baselines, baselineRecordSchema));
      this.windows = new WindowStore(new RedisDocument(watcher, STATE_KEYS.windows));
      this.sharedAlerts = new SharedAlertState(state, STATE_KEYS.alertStates, (id) => this.replication?.fenceToken(id) ?? null);
      this.replication = new Replication(config.stateRedisUrl, () => this.pollerMap.values(), {
        onGain: (id) => void alertingFor(this).adopt(id),
      });
      this.stateClients = [state, watcher];
    } else {
      this.audit = new AuditLog(config.dataDir);
      this.baselines = new BaselineStore(config.dataDir);
      this.windows = new WindowStore(config.dataDir);
      // Writes a crash interrupted before their rename were never acknowledged: their temp files go.
      void removeLeftoverTemps(config.dataDir, (message) => log.info(message));
    }
    this.scheduler = new GuardedScheduler({
      store: this.windows,
      // A replica that lost a target's lease must not write its window state over the new holder's.
      fence: (id) => (this.replication ? { key: leaseKey(id), token: this.replication.fenceToken(id) ?? 'lease-not-held' } : null),
      targets: () => [...this.pollerMap.values()].map((p) => p.target),
      applyContext: (id) => this.applyContext(id),
      baselines: this.baselines,
      snapshotOf: (id) => this.currentSnapshot(id),
      owns: (id) => this.owns(id),
    });
  }

  /** Every poller: configured targets and the nodes discovered in clusters. */
  get pollers(): ReadonlyMap<string, TargetPoller> {
    return this.pollerMap;
  }

  start(): void {
    // First, so the manager watches every poller from its first sample, and a manager that fails
    // to start leaks no pollers (FRAGSCOPE_ALERT_* were already checked with the environment).
    alertingFor(this);
    this.started = true;
    if (this.replication) {
      this.replication.start().catch((error: Error) => log.error(`replication could not start: ${error.message}`));
    } else {
      for (const poller of this.pollerMap.values()) poller.start();
    }
    for (const group of this.clusters.values()) group.start();
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    this.scheduler.stop();
    await stopAlerting();
    await this.replication?.stop();
    for (const client of this.stateClients) client.disconnect();
    await Promise.all([...this.clusters.values()].map((g) => g.stop()));
    await Promise.all([...this.pollerMap.values()].map((p) => p.stop()));
  }

  /** Whether this process polls the target (always, unless replicas share the targets by lease). */
  owns(targetId: string): boolean {
    return this.replication ? this.replication.owns(targetId) : true;
  }

  /**
   * The target's history: this process's own, or with replicas, loaded from the state Redis when
   * another replica polls the target (polling/history-mirror.ts). Every history reader asks here.
   */
  historyOf(poller: TargetPoller): Promise<HistoryStore> {
    return this.replication ? this.replication.historyOf(poller) : Promise.resolve(poller.store);
  }

  get(targetId: string): TargetPoller | undefined {
    return this.pollerMap.get(targetId);
  }

  private addPoller(target: TargetConfig): void {
    if (this.pollerMap.has(target.id)) return;
    const poller = new TargetPoller(target, {
      intervalMs: this.config.pollMs,
      timeoutMs: this.config.pollTimeoutMs,
      historySize: this.config.historySize,
      tlsCa: this.config.tlsCa,
      fineHistoryMs: this.config.fineHistoryHours * 3_600_000,
      idleIntervalMs: this.config.idlePollMs,
      // A maintenance window is when defrag is meant to run: watch it at 1 s.
      keepFast: () => this.windows.active(target.id) !== null,
      latencyMs: this.config.latencyMs,
    });
    this.pollerMap.set(target.id, poller);
    if (this.started) {
      // With replicas the lease round starts it on the replica that wins the node.
      if (!this.replication) poller.start();
      alertingFor(this).watch(poller);
    }
  }

  /** A node that left its cluster: stop polling it (its history goes with it). */
  private async removePoller(targetId: string): Promise<void> {
    const poller = this.pollerMap.get(targetId);
    if (!poller) return;
    this.pollerMap.delete(targetId);
    await poller.stop();
  }

  /** The target's newest sample if it is good and recent enough to stand for "now". */
  currentSnapshot(targetId: string): Snapshot | null {
    const poller = this.pollerMap.get(targetId);
    // An idle target is sampled every idlePollMs: its newest sample is that old at worst.
    return poller ? currentGoodSnapshot(poller.latest(), Math.max(this.config.pollMs, this.config.idlePollMs) * 3 + 5000) : null;
  }

  /** What the one config write path needs for a target. */
  applyContext(targetId: string): ApplyContext {
    const poller = this.pollerMap.get(targetId);
    if (!poller) throw new Error(`unknown target ${targetId}`);
    return {
      target: poller.target,
      tlsCa: this.config.tlsCa,
      audit: this.audit,
      onWritten: () => {
        poller.requestRefresh();
        forgetConfigRead(targetId);
      },
      lastKnown: () => {
        const last = poller.lastOk();
        return last ? { values: toCurrentConfig(last.config), identity: last.server } : null;
      },
    };
  }
}

/**
 * The process's hub (one, so one poller per target), created and started on first use. Throws
 * ConfigError on a bad environment.
 */
export function getHub(): Hub {
  return processGlobal('fragscope.hub', () => {
    const hub = new Hub(parseConfig(process.env));
    hub.start();
    // Streams never end by themselves; without this `next start` waits on them forever at shutdown.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void hub.stop());
    return hub;
  });
}
