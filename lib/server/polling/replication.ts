import 'server-only';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { snapshotSchema, type Snapshot } from '@/lib/snapshot';
import type { TargetPoller } from './target-poller';
import { log } from '../core/log';
import { createReplicationClient } from '../redis/clients';
import { leaseEpochKey, leaseKey, STATE_KEYS } from '../redis/state-keys';

export interface ReplicationOptions {
  /** How long a lease lives without renewal: a dead replica's targets move within about this. */
  leaseMs?: number;
  /** How often leases are renewed and free ones taken. */
  renewMs?: number;
  /**
   * A held lease counts as ours only until (send time of its last confirmed renewal) + leaseMs
   * - marginMs, on this process's monotonic clock: the state Redis can expire it no earlier
   * than leaseMs after that send, so a cut-off replica stops at least marginMs before another
   * can take the target.
   */
  marginMs?: number;
  log?: (message: string) => void;
  /** Called when this replica starts polling a target (it took the lease). */
  onGain?: (targetId: string) => void;
}

const LEASE_MS = 5000;
const RENEW_MS = 1000;
const MARGIN_MS = 1500;
/** How often the local deadlines are checked (a stuck renewal round does not delay this). */
const WATCHDOG_MS = 100;

// Take a free lease with a new fencing token: `<replica>:<epoch>`, the epoch INCR'd per target,
// so every holder of a target's lease, ever, has a distinct token.
const TAKE = `if redis.call('exists', KEYS[1]) == 1 then return false end
local token = ARGV[1] .. ':' .. redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], token, 'PX', ARGV[2])
return token`;
// Renew only a lease we still hold: a replica that stalled past its lease must not steal it back.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease this replica holds: its fencing token and until when (monotonic ms) it may act on it. */
interface HeldLease {
  token: string;
  validUntil: number;
}

const monotonic = () => performance.now();

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
  private readonly held = new Map<string, HeldLease>();
  private readonly unsubscribers = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private rounding = false;
  private readonly leaseMs: number;
  private readonly marginMs: number;
  private readonly log: (message: string) => void;

  constructor(
    stateUrl: string,
    private readonly pollers: () => Iterable<TargetPoller>,
    options: ReplicationOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.marginMs = options.marginMs ?? Math.min(MARGIN_MS, Math.floor(this.leaseMs * 0.3));
    this.log = options.log ?? ((m) => log.info(m));
    // Each lease command must fail well inside the margin's slack: a fifth of the lease.
    const commandTimeoutMs = Math.max(100, Math.floor(this.leaseMs / 5));
    this.command = createReplicationClient(stateUrl, commandTimeoutMs);
    this.subscriber = createReplicationClient(stateUrl, commandTimeoutMs);
    this.renewMs = options.renewMs ?? RENEW_MS;
    this.onGain = options.onGain;
  }

  private readonly renewMs: number;
  private readonly onGain?: (targetId: string) => void;

  /** Whether this replica polls the target now (and so runs its windows and alerts): held and not past its local deadline. */
  owns(targetId: string): boolean {
    const lease = this.held.get(targetId);
    return lease !== undefined && monotonic() < lease.validUntil;
  }

  /**
   * The fencing token of a lease this replica may act on, or null. A write to the state store on
   * the strength of a lease checks, in the same script, that the lease key still holds this token.
   */
  fenceToken(targetId: string): string | null {
    return this.owns(targetId) ? this.held.get(targetId)!.token : null;
  }

  get ownedTargets(): string[] {
    return [...this.held.keys()].filter((id) => this.owns(id)).sort();
  }

  async start(): Promise<void> {
    this.subscriber.on('message', (_channel: string, message: string) => this.receive(message));
    await this.subscriber.subscribe(STATE_KEYS.samplesChannel);
    await this.round();
    this.timer = setInterval(() => void this.round(), this.renewMs);
    this.timer.unref();
    this.watchdog = setInterval(() => this.expireOverdue(), WATCHDOG_MS);
    this.watchdog.unref();
  }

  /** Stops acting on every lease whose renewal was not confirmed in time (the state Redis may be cut off). */
  private expireOverdue(): void {
    const now = monotonic();
    for (const [id, lease] of this.held) {
      if (now < lease.validUntil) continue;
      this.log(`lease of ${id} not confirmed within ${this.leaseMs - this.marginMs} ms: stopped polling it (another replica may take it)`);
      this.lose(id);
    }
  }

  /** Gives the leases back so the other replicas take over at once, not after the lease expires. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.timer = null;
    this.watchdog = null;
    await Promise.all([...this.held].map(([id, lease]) => this.command.eval(RELEASE, 1, leaseKey(id), lease.token).catch(() => 0)));
    for (const id of [...this.held.keys()]) this.lose(id);
    this.command.disconnect();
    this.subscriber.disconnect();
  }

  /** One round: renew what we hold, try to take what is free. Never two at once (a stuck one is waited out). */
  private async round(): Promise<void> {
    if (this.rounding) return;
    this.rounding = true;
    try {
      await this.renewAndTake();
    } finally {
      this.rounding = false;
    }
  }

  private async renewAndTake(): Promise<void> {
    for (const poller of this.pollers()) {
      const id = poller.target.id;
      // The deadline counts from before the command is sent: the server's expiry is at least that late.
      const sentAt = monotonic();
      try {
        const lease = this.held.get(id);
        if (lease) {
          const renewed = Number(await this.command.eval(RENEW, 1, leaseKey(id), lease.token, String(this.leaseMs)));
          if (renewed !== 1) this.lose(id);
          else if (this.held.get(id) === lease) lease.validUntil = sentAt + this.leaseMs - this.marginMs;
        } else {
          const token = await this.command.eval(TAKE, 2, leaseKey(id), leaseEpochKey(id), this.replicaId, String(this.leaseMs));
          if (typeof token === 'string') this.gain(poller, { token, validUntil: sentAt + this.leaseMs - this.marginMs });
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

  private gain(poller: TargetPoller, lease: HeldLease): void {
    const id = poller.target.id;
    this.held.set(id, lease);
    this.log(`replica ${this.replicaId} polls ${id}`);
    this.unsubscribers.set(
      id,
      poller.subscribe((snapshot) => {
        if (this.owns(id)) void this.command.publish(STATE_KEYS.samplesChannel, JSON.stringify(snapshot)).catch(() => 0);
      }),
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
