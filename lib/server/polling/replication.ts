import 'server-only';
import { randomBytes } from 'node:crypto';
import type Redis from 'ioredis';
import { snapshotSchema, type Snapshot } from '@/lib/snapshot';
import { pollPhaseMs, type TargetPoller } from './target-poller';
import { log } from '../core/log';
import type { HistoryStore } from '@/lib/history/history-store';
import { createHistoryStateClient, createReplicationClient } from '../redis/clients';
import { leaseEpochKey, leaseKey, REPLICAS_KEY, STATE_KEYS } from '../redis/state-keys';
import { fillStore, HistoryMirror } from './history-mirror';
import { persistenceLimits, RedisHistoryPersistence, TargetHistoryWriter, type HistoryPersistence } from './history-persistence';
import type { HistoryRow } from './history-chunks';

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
  /** How often the lease holder saves the newest samples to the state Redis: what a `kill -9` can lose at most. */
  flushMs?: number;
  /** How long a mirrored history (a target another replica polls) stays unasked before it is freed. */
  mirrorIdleMs?: number;
}

const LEASE_MS = 5000;
const RENEW_MS = 1000;
const MARGIN_MS = 1500;
/** How often the local deadlines are checked (a stuck renewal round does not delay this). */
const WATCHDOG_MS = 100;
const FLUSH_MS = 1000;
/** A takeover waits at most this for the saved history before it polls anyway (with what it has). */
const RESTORE_TIMEOUT_MS = 10_000;
const STOP_FLUSH_MS = 2000;

// Take a free lease with a new fencing token: `<replica>:<epoch>`, the epoch INCR'd per target,
// so every holder of a target's lease, ever, has a distinct token.
const TAKE = `if redis.call('exists', KEYS[1]) == 1 then return false end
local token = ARGV[1] .. ':' .. redis.call('incr', KEYS[2])
redis.call('set', KEYS[1], token, 'PX', ARGV[2])
return token`;
// Renew only a lease we still hold: a replica that stalled past its lease must not steal it back.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
// Live replicas: each round refreshes its own entry (on the state Redis's clock) and drops stale ones.
const HEARTBEAT = `local t = redis.call('time')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('zadd', KEYS[1], now, ARGV[1])
redis.call('zremrangebyscore', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('pexpire', KEYS[1], tonumber(ARGV[2]) * 2)
return redis.call('zcard', KEYS[1])`;
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
 * publishes every sample; the others receive them and feed their own viewers and alerts, so
 * adding replicas adds no load on the monitored servers. A replica that dies stops renewing, and
 * another takes its targets over when the lease expires.
 *
 * History lives once: the holder keeps it in memory and saves it, every second, as compressed
 * chunks in the state Redis (history-persistence.ts, fenced by the lease token). A new holder
 * loads it before it polls; a replica asked for a target it does not poll loads it too, and keeps
 * it only while it is being looked at (history-mirror.ts). So the replicas split the memory.
 */
export class Replication {
  readonly replicaId = `${process.pid}-${randomBytes(4).toString('hex')}`;
  private readonly command: Redis;
  private readonly subscriber: Redis;
  private readonly held = new Map<string, HeldLease>();
  private readonly unsubscribers = new Map<string, () => void>();
  private readonly writers = new Map<string, TargetHistoryWriter>();
  /** Takeovers loading the saved history before they poll. */
  private readonly takeovers = new Map<string, Promise<void>>();
  private readonly historyClient: Redis;
  private readonly persistence: HistoryPersistence;
  private readonly mirror: HistoryMirror;
  private readonly flushMs: number;
  private flusher: NodeJS.Timeout | null = null;
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
    this.flushMs = options.flushMs ?? FLUSH_MS;
    this.historyClient = createHistoryStateClient(stateUrl);
    this.persistence = new RedisHistoryPersistence(this.historyClient, this.log);
    this.mirror = new HistoryMirror(this.persistence, this.log, options.mirrorIdleMs);
  }

  /**
   * The target's history, wherever it lives: the held one (after its takeover has loaded it), or
   * a mirror loaded from the state Redis for a target another replica polls.
   */
  async historyOf(poller: TargetPoller): Promise<HistoryStore> {
    const id = poller.target.id;
    const takeover = this.takeovers.get(id);
    if (takeover) await takeover;
    if (this.held.has(id)) return poller.store;
    return this.mirror.historyOf(poller);
  }

  /** Targets whose history this replica holds in memory (polled here, or mirrored for a viewer). */
  get historyHeld(): string[] {
    return [...new Set([...this.writers.keys(), ...this.mirror.mirrored])].sort();
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
    this.flusher = setInterval(() => void this.flushAll(), this.flushMs);
    this.flusher.unref();
    this.mirror.start();
  }

  /** Saves every held target's newest samples (only while its lease is ours: fenced in the script too). */
  private async flushAll(): Promise<void> {
    await Promise.all(
      [...this.writers].map(async ([id, writer]) => {
        const token = this.fenceToken(id);
        if (token && !(await writer.flush(token))) this.log(`history of ${id} not saved: its lease is held by another replica now`);
      }),
    );
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
    if (this.flusher) clearInterval(this.flusher);
    this.timer = null;
    this.watchdog = null;
    this.flusher = null;
    this.mirror.stop();
    // Save the last samples before the leases go, so the next holder starts from all of them.
    // Bounded: a shutdown with the state Redis gone must not wait out the history client's timeout.
    await withTimeout(this.flushAll(), STOP_FLUSH_MS).catch(() => undefined);
    await Promise.all([...this.held].map(([id, lease]) => this.command.eval(RELEASE, 1, leaseKey(id), lease.token).catch(() => 0)));
    await this.command.zrem(REPLICAS_KEY, this.replicaId).catch(() => 0);
    for (const id of [...this.held.keys()]) this.lose(id);
    this.command.disconnect();
    this.subscriber.disconnect();
    this.historyClient.disconnect();
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

  /**
   * Every target's command at once (they pipeline on the one connection): one after another, 200
   * targets on a loaded machine took longer than a lease lives, and leases expired mid-round.
   */
  private async renewAndTake(): Promise<void> {
    const pollers = [...this.pollers()];
    // Renew first: what we hold must never wait on the takes.
    await Promise.all(pollers.filter((p) => this.held.has(p.target.id)).map((poller) => this.renewOrTake(poller)));
    // Each replica takes its fair share only, so N replicas hold about 1/N of the histories each.
    const replicas = await this.heartbeat();
    const fair = replicas === null ? pollers.length : Math.ceil(pollers.length / replicas);
    await this.shed(this.held.size - fair);
    let free = pollers.filter((p) => !this.held.has(p.target.id));
    // Several at once, never more than the room left (a take that loses to another replica frees its slot).
    while (free.length > 0 && this.held.size < fair) {
      const batch = free.slice(0, fair - this.held.size);
      free = free.slice(batch.length);
      await Promise.all(batch.map((poller) => this.renewOrTake(poller)));
    }
  }

  /** Says this replica is alive; answers how many are (null if the state Redis did not answer). */
  private async heartbeat(): Promise<number | null> {
    try {
      return Math.max(1, Number(await this.command.eval(HEARTBEAT, 1, REPLICAS_KEY, this.replicaId, String(this.leaseMs))));
    } catch {
      return null;
    }
  }

  /**
   * Hands `count` targets over (a replica joined): saves their newest samples, then releases the
   * lease, so the new holder starts from all of them; it takes them on its next round (~1 s).
   */
  private async shed(count: number): Promise<void> {
    if (count <= 0) return;
    const ids = [...this.held.keys()]
      .filter((id) => !this.takeovers.has(id))
      .sort()
      .slice(-count);
    await Promise.all(
      ids.map(async (id) => {
        const lease = this.held.get(id);
        if (!lease) return;
        await this.writers.get(id)?.flush(lease.token);
        this.lose(id);
        await this.command.eval(RELEASE, 1, leaseKey(id), lease.token).catch(() => 0);
      }),
    );
    if (ids.length > 0) this.log(`replica ${this.replicaId} handed ${ids.length} target(s) over to even out the replicas`);
  }

  private async renewOrTake(poller: TargetPoller): Promise<void> {
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

  private gain(poller: TargetPoller, lease: HeldLease): void {
    const id = poller.target.id;
    this.held.set(id, lease);
    this.log(`replica ${this.replicaId} polls ${id}`);
    const takeover = this.takeOver(poller, lease).finally(() => this.takeovers.delete(id));
    this.takeovers.set(id, takeover);
  }

  /** Loads the saved history (unless a mirror already holds it), then polls and saves from there on. */
  private async takeOver(poller: TargetPoller, lease: HeldLease): Promise<void> {
    const id = poller.target.id;
    const limits = persistenceLimits(poller.intervalMs, poller.fineHistoryMs);
    let open: HistoryRow[] = [];
    let recovered: Snapshot[] = [];
    const startedAt = monotonic();
    try {
      const saved = await withTimeout(this.persistence.load(id), RESTORE_TIMEOUT_MS);
      open = saved.open;
      // Samples the old holder relayed but had not saved yet (a kill -9 within its flush
      // interval): this replica still has them in its recent-snapshot ring, so it saves them too.
      const newestSaved = saved.rows.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
      recovered = poller.history.toArray().filter((snapshot) => snapshot.at > newestSaved);
      if (!poller.holdsHistory || !this.mirror.mirrored.includes(id)) await poller.loadHistory(async (store) => fillStore(store, id, saved.rows));
      if (saved.rows.length > 0) this.log(`history of ${id}: ${saved.rows.length} saved samples loaded in ${Math.round(monotonic() - startedAt)} ms`);
    } catch (error) {
      this.log(`history of ${id} could not be loaded from the state Redis (${(error as Error).message}): polling without it`);
    }
    this.mirror.forget(poller);
    if (this.held.get(id) !== lease) {
      poller.releaseHistory(); // lost while loading
      return;
    }
    const writer = new TargetHistoryWriter(id, this.persistence, limits, open, this.log, 1 + pollPhaseMs(`${id}#persist`, limits.chunkRows));
    for (const snapshot of recovered) writer.record(snapshot);
    this.writers.set(id, writer);
    // Saved now, not at the next flush (up to flushMs away): a replica that loads this history from
    // the state Redis meanwhile (someone views the target there) would miss the samples only this
    // replica had, for good, since its copy is then kept current with new samples only. Seen on a
    // fast machine: a replica started 0.5 s after a takeover served the history without its last second.
    const token = this.fenceToken(id);
    if (recovered.length > 0 && token) {
      void writer.flush(token).then((saved) => {
        if (!saved) this.log(`history of ${id} not saved: its lease is held by another replica now`);
      });
    }
    this.unsubscribers.set(
      id,
      poller.subscribe((snapshot) => {
        if (!this.owns(id)) return;
        this.writers.get(id)?.record(snapshot);
        void this.command.publish(STATE_KEYS.samplesChannel, JSON.stringify(snapshot)).catch(() => 0);
      }),
    );
    poller.start();
    this.onGain?.(id);
  }

  private lose(id: string): void {
    this.held.delete(id);
    this.writers.delete(id);
    this.unsubscribers.get(id)?.();
    this.unsubscribers.delete(id);
    for (const poller of this.pollers()) {
      if (poller.target.id !== id) continue;
      poller.pausePolling();
      // The new holder saves and serves it now; this replica mirrors it again only if asked.
      poller.releaseHistory();
    }
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

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
