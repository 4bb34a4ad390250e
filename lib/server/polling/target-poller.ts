import 'server-only';
import { setMaxListeners } from 'node:events';
import type Redis from 'ioredis';
import type { ConnectionState, ServerIdentity, Snapshot } from '@/lib/snapshot';
import { scrubSecret, type TargetConfig } from '../core/env';
import { log } from '../core/log';
import { versionAtLeast } from '@/lib/decision/version';
import { probeDefragSupport, type DefragSupport } from './defrag-probe';
import { HistoryStore } from '@/lib/history/history-store';
import { replyText } from '@/lib/info-parser';
import { SnapshotRing } from './snapshot-ring';
import {
  sampleSections,
  appendWarnings,
  buildFailure,
  buildSample,
  defragStateChanged,
  initialSampleState,
  readLatency,
  readRefresh,
  readSampleInfo,
  stateFromSnapshot,
  type InfoReading,
  type Reply,
  type SampleState,
} from './snapshot-builder';
import { createPollerClient } from '../redis/clients';
import { guardReplyStream } from './reply-guard';
import { PollCadence } from './poll-cadence';
import { LatencySampler } from '../latency/latency-sampler';

export type SnapshotListener = (snapshot: Snapshot) => void;

/**
 * The most a server may send for one poll (all its replies together). A real poll is tens of
 * KiB; above this the server is broken or hostile (a `$4000000000` bulk header makes the parser
 * buffer everything that follows; an unterminated `+...` is re-copied on every chunk), so the
 * connection is dropped before that costs memory or CPU.
 */
export const MAX_POLL_REPLY_BYTES = 4 * 1024 * 1024;

export interface PollerOptions {
  intervalMs: number;
  /** An unanswered poll older than this drops the connection (catches black-holed TCP). */
  timeoutMs: number;
  historySize: number;
  /** Re-read INFO server and CONFIG GET active* every N polls, to notice outside CONFIG SETs. */
  refreshEvery?: number;
  /** CA certificate (PEM) to verify rediss:// servers with, instead of the system's store. */
  tlsCa?: string | null;
  /** How long the full-resolution history reaches back. Default 24 h. */
  fineHistoryMs?: number;
  /** FRAGSCOPE_IDLE_POLL_MS: the period while nothing needs 1 s samples (poll-cadence.ts). Default: intervalMs (always fast). */
  idleIntervalMs?: number;
  /** True while something outside the poller needs 1 s samples (a maintenance window is active). */
  keepFast?: () => boolean;
  /** FRAGSCOPE_LATENCY_MS: LATENCY HISTOGRAM of the busy commands at most this often (default 5000). */
  latencyMs?: number;
}

/** Counters that tests and the fault suite read to prove the poller's promises. */
export interface PollerStats {
  polls: number;
  /** Highest number of polls ever in flight at once: must stay 1. */
  maxInFlight: number;
  hardTimeouts: number;
}

/**
 * Polls one target whether or not anyone watches, and publishes a snapshot per interval: a real
 * sample, or an `ok: false` one saying why there is none. Never two polls of the target in
 * flight: while one is overdue the interval emits a `stalled` snapshot instead. The interval is
 * `intervalMs` while anything needs 1 s samples, else `idleIntervalMs` (poll-cadence.ts); the
 * history marks samples that follow an idle interval, so rates and gaps read them right.
 */
export class TargetPoller {
  readonly history: SnapshotRing;
  /**
   * 24 h at full resolution and 7 days in 1 min buckets, fixed memory (lib/history), allocated on
   * first use: a replica that only relays another replica's samples holds none (history-mirror.ts).
   */
  private historyStore: HistoryStore | null = null;
  /** While a history is being loaded (loadHistory): the samples that arrive meanwhile, appended after it. */
  private loadingHistory: Snapshot[] | null = null;
  readonly stats: PollerStats = { polls: 0, maxInFlight: 0, hardTimeouts: 0 };
  /** Windowed per-command latency percentiles (LATENCY HISTOGRAM), read within this poll's pipeline. */
  readonly latency: LatencySampler;
  private readonly listeners = new Set<SnapshotListener>();
  private readonly viewers = new Set<SnapshotListener>();
  private readonly stopController = new AbortController();
  private readonly refreshEvery: number;
  private client: Redis | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextTickAt = 0;
  private readonly cadence: PollCadence;
  /** The tick now scheduled follows an idle interval (its sample is idle-spaced). */
  private scheduledIdle = false;
  /** Nominal time of the last tick that ran. */
  private lastTickAt = 0;
  private stopped = true;
  private seq = 0;
  private inFlight = 0;
  private inFlightSince: number | null = null;
  /** Bumped when a poll is abandoned, so its late result is ignored. */
  private pollToken = 0;
  private lastError: string | null = null;
  private connected = false;
  /** When TCP connected and the ready check (INFO) started; null once ready or down. */
  private handshakeSince: number | null = null;
  private lastPollOk = false;
  /** The sample of the tick being served follows an idle interval. */
  private tickIdleSpaced = false;
  /** Identity, config, latency and defrag support carried from poll to poll (snapshot-builder.ts). */
  private state: SampleState = initialSampleState();
  private lastGood: Snapshot | null = null;
  private refreshDue = true;
  private probeDue = true;
  private pollsSinceRefresh = 0;
  /** The server answered an INFO naming `debug` with an error (renamed or limited INFO): never ask again. */
  private infoDebugRefused = false;
  /** Counts this connection's reply bytes per poll; null before it connects. */
  private replyGuard: { reset(): void } | null = null;
  /** Why the connection was dropped for an oversized or unparsable reply; kept until a good sample. */
  private replyOverflow: string | null = null;

  constructor(
    readonly target: TargetConfig,
    private readonly options: PollerOptions,
  ) {
    // Every open stream listens for the stop (one listener per viewer, removed on close): hundreds are normal here.
    setMaxListeners(0, this.stopController.signal);
    this.history = new SnapshotRing(options.historySize);
    this.cadence = new PollCadence(options.intervalMs, Math.max(options.intervalMs, options.idleIntervalMs ?? options.intervalMs));
    this.refreshEvery = options.refreshEvery ?? 5;
    this.latency = new LatencySampler({ intervalMs: options.latencyMs ?? 5000 });
  }

  get store(): HistoryStore {
    return (this.historyStore ??= this.newStore());
  }

  /** Whether this process holds the target's history in memory now. */
  get holdsHistory(): boolean {
    return this.historyStore !== null;
  }

  /** How long the full-resolution history reaches back, ms. */
  get fineHistoryMs(): number {
    return this.options.fineHistoryMs ?? 24 * 3_600_000;
  }

  get intervalMs(): number {
    return this.options.intervalMs;
  }

  /**
   * Replaces the history with one filled by `fill` (e.g. from the state Redis after a takeover).
   * Samples that arrive meanwhile are kept and appended after the filled ones; `fill` returns the
   * time of its newest sample so those it already holds are not added twice.
   */
  async loadHistory(fill: (store: HistoryStore) => Promise<number | null>): Promise<void> {
    const store = this.newStore();
    this.loadingHistory = [];
    try {
      const newest = (await fill(store)) ?? Number.NEGATIVE_INFINITY;
      // The recent-snapshot ring covers samples that came in just before the load began (and so
      // are neither in what `fill` read nor in the buffer); the buffer covers the rest.
      const seen = new Set<Snapshot>();
      for (const snapshot of [...this.history.toArray(), ...this.loadingHistory]) {
        if (snapshot.at <= newest || seen.has(snapshot)) continue;
        seen.add(snapshot);
        store.append(snapshot);
      }
      this.historyStore = store;
    } finally {
      this.loadingHistory = null;
    }
  }

  /** Frees the history (only while another replica polls the target: the holder keeps it). */
  releaseHistory(): void {
    if (this.stopped) this.historyStore = null;
  }

  private newStore(): HistoryStore {
    return new HistoryStore({
      intervalMs: this.options.intervalMs,
      idleIntervalMs: this.cadence.idleMs,
      fineRetentionMs: this.options.fineHistoryMs,
      // Targets started together would otherwise all seal a history chunk in the same second.
      sealLagRows: pollPhaseMs(`${this.target.id}#seal`, 256),
    });
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const client = createPollerClient(this.target, { timeoutMs: this.options.timeoutMs, tlsCa: this.options.tlsCa });
    client.on('connect', () => {
      this.handshakeSince = Date.now();
      this.replyGuard = client.stream ? guardReplyStream(client.stream, MAX_POLL_REPLY_BYTES, (reason) => this.onHostileReply(reason)) : null;
    });
    client.on('ready', () => this.onReady());
    client.on('error', (error: Error) => {
      this.lastError = this.replyOverflow ?? scrubSecret(error.message, this.target);
    });
    client.on('close', () => this.onClose());
    this.client = client;
    client.connect().catch(() => {
      // Reported through the 'error' event and retried by retryStrategy.
    });
    // Ticks at this target's own phase of the interval (the first one 1 to 2 intervals from now;
    // onReady polls as soon as it connects), not at start + n intervals: a hub starts all its
    // pollers in one loop, and 1,000 targets ticking in the same millisecond turn every second
    // into one burst of polls, replies and history appends that holds up the timers queued
    // behind it (the fleet bench's poll-interval jitter).
    const now = Date.now();
    const fast = this.options.intervalMs;
    this.nextTickAt = now + ((pollPhaseMs(this.target.id, fast) - (now % fast) + fast) % fast);
    this.scheduleNextTick();
  }

  /** Aborted when the poller stops: open streams close on it, so a shutdown never waits on them. */
  get stoppedSignal(): AbortSignal {
    return this.stopController.signal;
  }

  async stop(): Promise<void> {
    this.pausePolling();
    this.stopController.abort();
    this.listeners.clear();
    this.viewers.clear();
  }

  /** Polling stops, listeners stay: another replica polls this target and relays its samples (`ingest`). */
  pausePolling(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    client?.disconnect(false);
    this.inFlightSince = null;
    this.inFlight = 0;
    this.pollToken++;
  }

  get isPolling(): boolean {
    return !this.stopped;
  }

  /**
   * A sample another replica took (it holds this target's lease): published to this process's
   * viewers, history and alerts exactly as if polled here. Ignored while polling ourselves.
   */
  ingest(snapshot: Snapshot): void {
    if (!this.stopped || snapshot.targetId !== this.target.id) return;
    this.state = { ...this.state, ...stateFromSnapshot(snapshot) };
    this.connected = snapshot.derived.connection === 'connected';
    this.lastPollOk = snapshot.ok;
    // Continue the sequence the viewers know if this replica takes over later.
    this.seq = Math.max(this.seq, snapshot.seq + 1);
    this.publish(snapshot);
  }

  /** `viewer`: a browser stream (counted in /api/health); the server's own listeners (alerts) are not. */
  subscribe(listener: SnapshotListener, options: { viewer?: boolean } = {}): () => void {
    this.listeners.add(listener);
    if (options.viewer) {
      this.viewers.add(listener);
      this.speedUp();
    }
    return () => {
      this.listeners.delete(listener);
      this.viewers.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Open browser streams on this target. */
  get viewerCount(): number {
    return this.viewers.size;
  }

  get isConnected(): boolean {
    return this.connected && this.lastPollOk;
  }

  get identityNow(): ServerIdentity {
    return this.state.identity;
  }

  get defragSupport(): DefragSupport {
    return this.state.support;
  }

  latest(): Snapshot | null {
    return this.history.latest();
  }

  /** The newest good sample, however long ago: figures must survive an outage of any length. */
  lastOk(): Snapshot | null {
    return this.lastGood;
  }

  /** Ask for INFO server and CONFIG GET active* on the next poll (e.g. after our own CONFIG SET). */
  requestRefresh(): void {
    this.refreshDue = true;
    // Usually after our own CONFIG SET: whatever it starts is worth 1 s samples.
    this.cadence.hold(Date.now());
    this.speedUp();
  }

  /** Why the poller samples at its current period (for /api/health and tests). */
  get cadenceReason(): string {
    return this.cadence.reason(Date.now(), this.viewers.size, this.options.keepFast?.() ?? false);
  }

  private scheduleNextTick(): void {
    if (this.stopped) return;
    const now = Date.now();
    const interval = this.cadence.intervalMs(now, this.viewers.size, this.options.keepFast?.() ?? false);
    this.scheduledIdle = interval > this.options.intervalMs;
    this.nextTickAt += interval;
    // After a blocked event loop, skip the missed ticks rather than firing a burst.
    if (this.nextTickAt <= now) this.nextTickAt = now + interval;
    this.timer = setTimeout(() => this.tick(), this.nextTickAt - now);
  }

  /** Something needs 1 s samples while idle: the next tick comes one fast interval after the last, not up to an idle one. */
  private speedUp(): void {
    if (this.stopped || !this.timer || !this.scheduledIdle) return;
    const now = Date.now();
    const at = Math.max(now, this.lastTickAt + this.options.intervalMs);
    if (at >= this.nextTickAt) return;
    clearTimeout(this.timer);
    this.nextTickAt = at;
    // Idle-spaced when it still follows more than a fast interval of nothing.
    this.scheduledIdle = at - this.lastTickAt > this.options.intervalMs;
    this.timer = setTimeout(() => this.tick(), at - now);
  }

  private tick(): void {
    if (this.stopped) return;
    this.lastTickAt = this.nextTickAt;
    this.tickIdleSpaced = this.scheduledIdle;
    this.scheduleNextTick();
    const client = this.client;
    if (!client) return;
    if (this.inFlightSince !== null) {
      const waited = Date.now() - this.inFlightSince;
      if (waited >= this.options.timeoutMs) {
        this.abandonPoll(client, waited);
      } else {
        this.publishFailure('stalled', `no reply for ${waited} ms (Redis busy or stalled?)`);
      }
      return;
    }
    if (client.status !== 'ready') {
      // TCP up but the ready check never answered (a proxy that lost its upstream): ioredis has
      // cleared its connect timeout by then, so without this the poller would wait forever.
      if (client.status === 'connect' && this.handshakeSince !== null && Date.now() - this.handshakeSince >= this.options.timeoutMs) {
        this.lastError = `connected but no answer to the handshake for ${Date.now() - this.handshakeSince} ms: reconnecting`;
        this.handshakeSince = null;
        client.stream?.destroy();
      }
      this.publishFailure('disconnected', this.lastError ?? `not connected (${client.status})`);
      return;
    }
    void this.poll(client);
  }

  private onReady(): void {
    this.handshakeSince = null;
    const wasDown = !this.connected;
    this.connected = true;
    this.refreshDue = true;
    this.probeDue = true; // a restart may have brought another binary
    if (wasDown) log.info(`target ${this.target.id} (${this.target.address}) connected`);
    // Don't leave the screen on "disconnected" for up to an interval once the server is back.
    if (this.client && this.inFlightSince === null && !this.lastPollOk) void this.poll(this.client);
  }

  private onClose(): void {
    this.handshakeSince = null;
    if (this.connected) log.info(`target ${this.target.id} (${this.target.address}) connection lost`);
    this.connected = false;
  }

  private onHostileReply(reason: string): void {
    this.replyOverflow = reason;
    this.lastError = reason;
    log.info(`target ${this.target.id} (${this.target.address}): ${reason}`);
  }

  /** A black-holed connection never answers or errors: drop it and let ioredis reconnect. */
  private abandonPoll(client: Redis, waited: number): void {
    this.stats.hardTimeouts++;
    this.pollToken++;
    this.inFlightSince = null;
    this.inFlight = 0;
    this.lastError = `no reply for ${waited} ms: dropped the connection, reconnecting`;
    this.connected = false;
    // Destroy, not disconnect(true): that only half-closes the socket and leaves ioredis "ready"
    // for up to its disconnect timeout, with every poll failing on an unwritable stream.
    client.stream?.destroy();
    this.publishFailure('disconnected', this.lastError);
  }

  private async poll(client: Redis): Promise<void> {
    const token = ++this.pollToken;
    const startedAt = Date.now();
    this.replyGuard?.reset();
    this.inFlightSince = startedAt;
    this.inFlight++;
    this.stats.polls++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight);
    const refresh = this.refreshDue || this.pollsSinceRefresh >= this.refreshEvery;
    try {
      const pipeline = client.pipeline();
      if (refresh) {
        pipeline.call('INFO', 'server');
        pipeline.call('CONFIG', 'GET', 'active*');
        pipeline.call('CONFIG', 'GET', 'latency-monitor-threshold');
        pipeline.call('LATENCY', 'LATEST');
      }
      const sections = sampleSections(this.state.identity, this.infoDebugRefused);
      const combined = versionAtLeast(this.state.identity.version, 7);
      // 7.0+ answers several sections in one call, about 4x cheaper server-side than separate calls.
      if (combined) pipeline.call('INFO', ...sections);
      else for (const section of sections) pipeline.call('INFO', section);
      // Last in the pipeline, and taken off before the INFO replies are read: a refusal here never fails the poll.
      const latencyPlan = this.latency.plan(startedAt, this.state.identity.version);
      for (const [command, ...args] of latencyPlan.calls) pipeline.call(command, ...args);
      const results = (await pipeline.exec()) ?? [];
      if (token !== this.pollToken) return; // abandoned after a hard timeout
      const latencyReplies = results.splice(results.length - latencyPlan.calls.length, latencyPlan.calls.length);
      this.latency.accept(latencyPlan, latencyReplies, this.state.identity.runId, (text) => scrubSecret(text, this.target));
      const warnings: string[] = [];
      let rest = results;
      if (refresh) {
        this.applyRefresh(results[0], results[1], warnings);
        this.applyLatency(results[2], results[3]);
        rest = results.slice(4);
      }
      if (combined && sections.includes('debug') && rest[0]?.[0]) {
        // A renamed or limited INFO refused the debug section: sample without it from now on, and
        // the decision marks the Redis >= 7.4 percent as approximate (frag-input.ts).
        this.infoDebugRefused = true;
        const retry = await client.call('INFO', ...sampleSections(this.state.identity, true)).then(
          (r) => [null, r] as [null, unknown],
          (e: Error) => [e, null] as [Error, null],
        );
        if (token !== this.pollToken) return;
        rest = [retry];
        if (!retry[0]) warnings.push('INFO debug is refused here: the effort prediction on this version is approximate');
      }
      const rttMs = Date.now() - startedAt;
      const failed = rest.find(([error]) => error);
      if (failed?.[0]) throw failed[0];
      if (this.probeDue && this.state.config.activedefrag !== null) {
        this.probeDue = false;
        const support = await probeDefragSupport(client, this.state.identity.version, this.state.config.activedefrag);
        if (support.reason) support.reason = scrubSecret(support.reason, this.target);
        this.state = { ...this.state, support };
      }
      const reading = readSampleInfo(rest.map(([, text]) => replyText(text)).join('\n'));
      if (defragStateChanged(reading, this.history.latest(), this.state.config)) {
        // Someone switched defrag on or off (redis-cli, another tool): read the config again now,
        // so this sample never shows "running" beside a stale "activedefrag no".
        const reply = await client.call('CONFIG', 'GET', 'active*').then(
          (r) => [null, r] as [null, unknown],
          (e: Error) => [e, null] as [Error, null],
        );
        this.applyRefresh(undefined, reply, warnings);
      }
      if (token !== this.pollToken) return;
      this.publishSample(startedAt, rttMs, reading, warnings);
    } catch (error) {
      if (token !== this.pollToken) return;
      this.lastError = this.replyOverflow ?? scrubSecret((error as Error).message, this.target);
      this.publishFailure(this.connected && client.status === 'ready' ? 'connected' : 'disconnected', this.lastError);
    } finally {
      if (token === this.pollToken) {
        this.inFlightSince = null;
        this.inFlight = 0;
      }
    }
  }

  private applyLatency(threshold: Reply | undefined, latest: Reply | undefined): void {
    this.state = { ...this.state, latency: readLatency(threshold, latest) };
  }

  private applyRefresh(serverResult: Reply | undefined, configResult: Reply | undefined, warnings: string[]): void {
    this.refreshDue = false;
    this.pollsSinceRefresh = 0;
    const read = readRefresh(this.state, serverResult, configResult, (text) => scrubSecret(text, this.target));
    this.state = { ...this.state, identity: read.identity, serverInfo: read.serverInfo, config: read.config };
    appendWarnings(warnings, read.warnings);
    if (read.configUnavailable) {
      this.probeDue = false;
      this.state = { ...this.state, support: read.configUnavailable };
    }
  }

  private publishSample(at: number, rttMs: number, reading: InfoReading, warnings: string[]): void {
    this.pollsSinceRefresh++;
    const { snapshot, identity } = buildSample({ targetId: this.target.id, seq: this.seq++, at, rttMs, reading, state: this.state, warnings });
    this.state = { ...this.state, identity };
    this.latency.noteDefrag(at, snapshot.info.active_defrag_running);
    this.latency.noteEventLoop(at, snapshot.info.eventloop_cycles, snapshot.info.eventloop_duration_sum);
    const defragCost = this.latency.defragCost;
    if (defragCost) snapshot.latency = { ...snapshot.latency, defragCost };
    this.lastPollOk = true;
    this.lastError = null;
    this.replyOverflow = null;
    this.publish(snapshot);
  }

  private publishFailure(connection: ConnectionState, error: string): void {
    this.lastPollOk = false;
    this.publish(buildFailure({ targetId: this.target.id, seq: this.seq++, at: Date.now(), connection, error, state: this.state }));
  }

  private publish(snapshot: Snapshot): void {
    this.history.push(snapshot);
    // Only the sample of an idle-spaced tick is; the reconnect poll (onReady) and relayed samples are not.
    const idleSpaced = this.tickIdleSpaced;
    this.tickIdleSpaced = false;
    if (this.loadingHistory) this.loadingHistory.push(snapshot);
    // Relayed samples (another replica polls) are kept only by a replica that holds the history.
    else if (!this.stopped || this.historyStore) this.store.append(snapshot, { idleSpaced });
    this.cadence.observe(snapshot);
    // Fragmentation moved or a run started: the next sample in a second, not at the idle tick.
    if (this.scheduledIdle && this.cadenceReason !== 'idle') this.speedUp();
    if (snapshot.ok) this.lastGood = snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (error) {
        log.info(`a snapshot listener of ${this.target.id} failed: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * Where in the poll interval a target's ticks fall (ms after a multiple of the interval, wall
 * clock): a hash of its id, so targets spread evenly over the interval whatever order and time
 * they start in, and a target keeps its phase across restarts and takeovers.
 */
export function pollPhaseMs(targetId: string, intervalMs: number): number {
  // FNV-1a, then murmur3's final mix: FNV alone clusters ids that differ in the last characters (fleet-3-17, fleet-3-18).
  let h = 0x811c9dc5;
  for (let i = 0; i < targetId.length; i++) h = Math.imul(h ^ targetId.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return Math.floor(((h >>> 0) / 2 ** 32) * intervalMs);
}
