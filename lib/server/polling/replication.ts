import 'server-only';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { snapshotSchema, type Snapshot } from '@/lib/snapshot';
import type { TargetPoller } from './target-poller';
import { log } from '../core/log';
import { createReplicationClient } from '../redis/clients';
import { leaseKey, STATE_KEYS } from '../redis/state-keys';

export interface ReplicationOptions {
  /** How long a lease lives without renewal: a dead replica's targets move within about this. */
  leaseMs?: number;
  /** How often leases are renewed and free ones taken. */
  renewMs?: number;
  log?: (message: string) => void;
  /** Called when this replica starts polling a target (it took the lease). */
  onGain?: (targetId: string) => void;
}

const LEASE_MS = 5000;
const RENEW_MS = 1000;

// Renew only a lease we still hold: a replica that stalled past its lease must not steal it back.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Several dashboard replicas behind a load balancer, sharing a state Redis: each target is polled
 * by exactly one replica, the holder of its lease (SET NX PX, renewed every second). The holder
 * publishes every sample; the others receive them and feed their own viewers, history and
 * alerts, so adding replicas adds no load on the monitored servers. A replica that dies stops
 * renewing, and another takes its targets over when the lease expires.
 */
export class Replication {
  readonly replicaId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  private readonly held = new Set<string>();
  private readonly unsubscribers = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private readonly leaseMs: number;
  private readonly log: (message: string) => void;

  constructor(
    stateUrl: string,
    private readonly pollers: () => Iterable<TargetPoller>,
    options: ReplicationOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.log = options.log ?? ((m) => log.info(m));
    this.command = createReplicationClient(stateUrl);
    this.subscriber = createReplicationClient(stateUrl);
    this.renewMs = options.renewMs ?? RENEW_MS;
    this.onGain = options.onGain;
  }

  private readonly renewMs: number;
  private readonly onGain?: (targetId: string) => void;

  /** Whether this replica polls the target now (and so runs its windows and alerts). */
  owns(targetId: string): boolean {
    return this.held.has(targetId);
  }

  get ownedTargets(): string[] {
    return [...this.held].sort();
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    await this.subscriber.subscribe(STATE_KEYS.samplesChannel);
    await this.round();
    this.timer = setInterval(() => void this.round(), this.renewMs);
    this.timer.unref();
  }

  /** Gives the leases back so the other replicas take over at once, not after the lease expires. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([...this.held].map((id) => this.command.eval(RELEASE, 1, leaseKey(id), this.replicaId).catch(() => 0)));
    for (const id of [...this.held]) this.lose(id);
    this.command.disconnect();
    this.subscriber.disconnect();
  }

  /** One round: renew what we hold, try to take what is free. */
  private async round(): Promise<void> {
    for (const poller of this.pollers()) {
      const id = poller.target.id;
      try {
        if (this.held.has(id)) {
          const renewed = Number(await this.command.eval(RENEW, 1, leaseKey(id), this.replicaId, String(this.leaseMs)));
          if (renewed !== 1) this.lose(id);
        } else {
          const taken = await this.command.set(leaseKey(id), this.replicaId, 'PX', this.leaseMs, 'NX');
          if (taken === 'OK') this.gain(poller);
        }
      } catch (error) {
        // The state Redis is unreachable: we cannot prove we hold anything, so stop polling.
        if (this.held.has(id)) {
          this.log(`lease of ${id} unknown (${(error as Error).message}): pausing its polling`);
          this.lose(id);
        }
      }
    }
  }

  private gain(poller: TargetPoller): void {
    const id = poller.target.id;
    this.held.add(id);
    this.log(`replica ${this.replicaId} polls ${id}`);
    this.unsubscribers.set(
      id,
      poller.subscribe((snapshot) => void this.command.publish(STATE_KEYS.samplesChannel, JSON.stringify(snapshot)).catch(() => 0)),
    );
    poller.start();
    this.onGain?.(id);
  }

  private lose(id: string): void {
    this.held.delete(id);
    this.unsubscribers.get(id)?.();
    this.unsubscribers.delete(id);
    for (const poller of this.pollers()) if (poller.target.id === id) poller.pausePolling();
  }

  private receive(message: string): void {
    let snapshot: Snapshot;
    try {
      snapshot = snapshotSchema.parse(JSON.parse(message));
    } catch {
      return; // not ours, or from an incompatible version: never feed it to viewers
    }
    if (this.held.has(snapshot.targetId)) return;
    for (const poller of this.pollers()) if (poller.target.id === snapshot.targetId) poller.ingest(snapshot);
  }
}
