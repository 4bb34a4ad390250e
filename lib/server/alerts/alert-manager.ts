import 'server-only';
import path from 'node:path';
import type { SharedAlertState } from './shared-alert-state';
import { activeAlerts, createEvaluator, type AlertEvaluator, type Evaluation } from '@/lib/alerts/evaluator';
import type { AlertHistoryResponse } from '@/lib/alerts/api-schema';
import { historyEntries, pageHistory, toAlertEvent, type AlertHistoryQuery } from '@/lib/alerts/history';
import { ALERT_RULE_IDS, RULE_INFO, type AlertRules } from '@/lib/alerts/rules';
import type { ActiveAlert, AlertTransition, TargetAlertState } from '@/lib/alerts/state';
import { idempotencyKey, toWebhookPayload } from '@/lib/alerts/webhook-payload';
import type { Snapshot } from '@/lib/snapshot';
import { AlertHistoryLog } from './alert-history-log';
import { AlertStore, type AlertFile, type SentRecord } from './alert-store';
import { WebhookNotifier, type Delivery, type NotifierOptions } from './webhook-notifier';
import { parseWebhookUrl } from './webhook-url';
import { log } from '../core/log';

/** What the manager needs of a TargetPoller. */
export interface PollerLike {
  readonly target: { readonly id: string };
  subscribe(listener: (snapshot: Snapshot) => void): () => void;
}

export interface AlertingDeps {
  pollers: Iterable<PollerLike>;
  /** alerts.json lives here. */
  dataDir: string;
  rules: AlertRules;
  /** FRAGSCOPE_ALERT_WEBHOOK; null or undefined: alerts are only shown, never POSTed. */
  webhookUrl?: string | null;
  /** The clock every rule is timed with. Default Date.now. */
  now?: () => number;
  /** How often target-down is checked without samples; 0 turns the timer off (tests call tick()). */
  tickMs?: number;
  /**
   * With replicas: only the replica that polls a target evaluates it, so an alert is sent once.
   * Default: every target.
   */
  owns?: (targetId: string) => boolean;
  /** With replicas: the targets' alert states shared through the state Redis. */
  shared?: SharedAlertState;
  /** Events the alert history keeps (default 5000). */
  historyCap?: number;
  /** Test seams for delivery: fetch, sleep, retry delays, timeout. */
  delivery?: Omit<NotifierOptions, 'target' | 'log'>;
  log?: (message: string) => void;
}

/** Samples change the climbing window every poll: write those at most this often (transitions at once). */
const FLUSH_MS = 60_000;
const SENT_KEPT = 200;

/** Starts evaluating every poller's samples; the returned manager is loading until `ready`. */
export function startAlerting(deps: AlertingDeps): AlertManager {
  const manager = new AlertManager(deps);
  manager.start();
  return manager;
}

/**
 * Runs the pure evaluator over every target's samples, keeps the open alerts, persists them (and
 * the webhook outbox) in `<dataDir>/alerts.json`, and hands fires and resolves to the notifier.
 * Each transition is saved before it is sent: a restart neither fires an open alert again nor
 * forgets it, and finishes any delivery the last run had not.
 */
export class AlertManager {
  readonly ready: Promise<void>;
  readonly rules: AlertRules;
  readonly now: () => number;
  private readonly evaluator: AlertEvaluator;
  private readonly store: AlertStore;
  /** Every fire and resolve with its figures, for the history page: `<dataDir>/alert-history.jsonl`. */
  private readonly historyLog: AlertHistoryLog;
  private readonly notifier: WebhookNotifier | null;
  private readonly pollers: PollerLike[];
  private readonly log: (message: string) => void;
  private readonly states = new Map<string, TargetAlertState>();
  private outbox: Delivery[] = [];
  private sent: SentRecord[] = [];
  private readonly unsubscribers: (() => void)[] = [];
  private readonly work = new Set<Promise<unknown>>();
  private timer: NodeJS.Timeout | null = null;
  private loaded = false;
  private stopped = false;
  private dirty = false;
  private lastSaveAt = 0;
  private lastSave: Promise<void> = Promise.resolve();
  private resolveReady!: () => void;

  constructor(private readonly deps: AlertingDeps) {
    this.rules = deps.rules;
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? ((m) => log.info(m));
    this.evaluator = createEvaluator(deps.rules);
    this.store = new AlertStore(deps.dataDir, this.log);
    this.historyLog = new AlertHistoryLog(path.join(deps.dataDir, 'alert-history.jsonl'), deps.historyCap);
    this.pollers = [...deps.pollers];
    const webhook = parseWebhookUrl(deps.webhookUrl ?? undefined);
    if (!webhook.ok) throw new Error(webhook.problem);
    this.notifier = webhook.target ? new WebhookNotifier({ ...deps.delivery, target: webhook.target, log: this.log }) : null;
    this.ready = new Promise((resolve) => (this.resolveReady = resolve));
  }

  get webhookConfigured(): boolean {
    return this.notifier !== null;
  }

  start(): void {
    for (const poller of this.pollers) this.subscribe(poller);
    const tickMs = this.deps.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => void this.tick(), tickMs);
      this.timer.unref();
    }
    this.track(
      this.load()
        .catch((error: Error) => this.log(`alerting could not load its state: ${error.message}; starting empty`))
        .finally(() => {
          this.loaded = true;
          this.resolveReady();
        }),
    );
  }

  /** A target that appeared after start (a node joining a cluster): evaluate it from now on. */
  watch(poller: PollerLike): void {
    if (this.stopped || this.pollers.some((p) => p.target.id === poller.target.id)) return;
    this.pollers.push(poller);
    this.subscribe(poller);
    if (this.loaded && !this.states.has(poller.target.id)) this.states.set(poller.target.id, this.evaluator.initial(poller.target.id, this.now()));
  }

  private subscribe(poller: PollerLike): void {
    const id = poller.target.id;
    this.unsubscribers.push(poller.subscribe((snapshot) => this.onSnapshot(id, snapshot)));
  }

  /**
   * A target this replica has just started polling (it took the lease over): resume the state
   * the previous poller saved, so an open alert stays open instead of firing again.
   */
  async adopt(targetId: string): Promise<void> {
    const shared = this.deps.shared;
    if (!shared || this.stopped) return;
    await this.ready;
    const saved = await shared.load(targetId).catch(() => null);
    if (!saved) return;
    const resumed = this.evaluator.resume(saved, this.now());
    this.states.set(targetId, resumed.state);
    this.handle(resumed.transitions);
    this.persist();
  }

  /** The firing alerts of every replica's targets (with replicas, read from the shared state). */
  async activeEverywhere(targetId?: string): Promise<ActiveAlert[]> {
    const shared = this.deps.shared;
    if (!shared) return this.active(targetId);
    const owns = this.deps.owns ?? (() => true);
    const others = (await shared.loadAll().catch(() => [])).filter((s) => !owns(s.targetId));
    const mine = [...this.states.values()].filter((s) => owns(s.targetId));
    return [...mine, ...others]
      .filter((s) => targetId === undefined || s.targetId === targetId)
      .flatMap(activeAlerts)
      .sort((a, b) => a.firedAt - b.firedAt);
  }

  /** The firing alerts, oldest first; of one target if given. */
  active(targetId?: string): ActiveAlert[] {
    return [...this.states.values()]
      .filter((s) => targetId === undefined || s.targetId === targetId)
      .flatMap(activeAlerts)
      .sort((a, b) => a.firedAt - b.firedAt);
  }

  /**
   * Fired and resolved alerts, newest first, paired from the history log, filtered and paged.
   * With replicas each replica's log holds the alerts it evaluated (the targets it polled).
   */
  async history(query: AlertHistoryQuery): Promise<AlertHistoryResponse> {
    const [{ events, unreadableLines }, active] = await Promise.all([this.historyLog.read(), this.activeEverywhere()]);
    const now = this.now();
    const entries = historyEntries(events, active, now);
    const rules = new Map(entries.map((e) => [e.rule, e.title]));
    return {
      now,
      ...pageHistory(entries, query),
      targets: [...new Set(entries.map((e) => e.targetId))].sort(),
      rules: [...rules].map(([id, title]) => ({ id, title })).sort((a, b) => a.id.localeCompare(b.id)),
      unreadableLines,
    };
  }

  /** Checks target-down for targets whose samples stopped; resolves once any resulting save is done. */
  tick(): Promise<void> {
    if (!this.loaded || this.stopped) return this.lastSave;
    const now = this.now();
    for (const state of [...this.states.values()]) {
      if (this.deps.owns && !this.deps.owns(state.targetId)) continue;
      this.commit(state, this.evaluator.tick(state, now));
    }
    if (this.dirty && now - this.lastSaveAt >= FLUSH_MS) this.persist();
    return this.lastSave;
  }

  /** Resolves when every save and delivery started so far has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.work.size > 0) await Promise.allSettled([...this.work]);
  }

  /** Stops watching and sending. Undelivered webhooks stay in alerts.json for the next start. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ready;
    await this.notifier?.stop();
    await this.settled();
    await this.persist();
  }

  private async load(): Promise<void> {
    const file = await this.store.load();
    const now = this.now();
    if (this.notifier) {
      // What the last run had not finished goes first, so the order of events is kept.
      this.sent = file.sent;
      for (const delivery of file.outbox) this.enqueue(delivery);
    }
    const watched = new Set(this.pollers.map((p) => p.target.id));
    for (const saved of file.targets) {
      if (!watched.has(saved.targetId)) {
        this.handle(this.evaluator.retire(saved, now));
        continue;
      }
      const resumed = this.evaluator.resume(saved, now);
      this.states.set(saved.targetId, resumed.state);
      this.handle(resumed.transitions);
    }
    for (const id of watched) if (!this.states.has(id)) this.states.set(id, this.evaluator.initial(id, now));
    this.persist();
  }

  private onSnapshot(targetId: string, snapshot: Snapshot): void {
    if (!this.loaded || this.stopped) return;
    if (this.deps.owns && !this.deps.owns(targetId)) return;
    const state = this.states.get(targetId) ?? this.evaluator.initial(targetId, this.now());
    this.commit(state, this.evaluator.observe(state, snapshot, this.now()), snapshot);
  }

  /** `snapshot`: the sample that caused the transitions (its figures go into the history), if any. */
  private commit(before: TargetAlertState, result: Evaluation, snapshot: Snapshot | null = null): void {
    this.states.set(before.targetId, result.state);
    this.handle(result.transitions, snapshot);
    // Phase changes are saved at once: a restart must not resume a stale "pending since".
    const phaseChanged = ALERT_RULE_IDS.some((rule) => before.rules[rule].phase !== result.state.rules[rule].phase);
    if (phaseChanged || result.transitions.length > 0) this.persist();
    else if (result.state !== before) this.dirty = true;
  }

  private handle(transitions: AlertTransition[], snapshot: Snapshot | null = null): void {
    for (const t of transitions) {
      this.log(`alert ${t.status}: ${t.targetId} ${t.rule}: ${t.message}`);
      const event = toAlertEvent(t, RULE_INFO[t.rule].title, this.rules, snapshot);
      // A failed history write (disk full) is logged; it never stops alerting or notifications.
      this.track(this.historyLog.append(event).catch((error: Error) => this.log(`could not record alert history: ${error.message}`)));
      if (!this.notifier) continue;
      const key = idempotencyKey(t);
      // Belt and braces: the evaluator never repeats a transition, and a key is never queued twice.
      if (this.outbox.some((d) => d.key === key) || this.sent.some((s) => s.key === key)) continue;
      const delivery: Delivery = { key, payload: toWebhookPayload(t) };
      this.outbox.push(delivery);
      this.persist();
      this.enqueue(delivery, this.lastSave);
    }
  }

  /** Sends after `saved` (the save that recorded it), so nothing is sent that a crash could forget. */
  private enqueue(delivery: Delivery, saved: Promise<void> = Promise.resolve()): void {
    const notifier = this.notifier;
    if (!notifier) return;
    // Registered in transition order on promises that settle in order, so the queue keeps that order.
    const done = saved.then(() => notifier.send(delivery));
    this.track(
      done.then((outcome) => {
        if (outcome === 'aborted') return;
        this.outbox = this.outbox.filter((d) => d !== delivery);
        this.sent = [...this.sent, { key: delivery.key, outcome, at: this.now() }].slice(-SENT_KEPT);
        if (!this.stopped) this.persist();
      }),
    );
  }

  private persist(): Promise<void> {
    this.dirty = false;
    this.lastSaveAt = this.now();
    const data: AlertFile = { version: 1, targets: [...this.states.values()], outbox: [...this.outbox], sent: [...this.sent] };
    if (this.deps.shared) {
      const owns = this.deps.owns ?? (() => true);
      const shared = this.deps.shared.save(data.targets.filter((t) => owns(t.targetId)));
      this.track(shared.catch((error: Error) => this.log(`could not share alert state: ${error.message}`)));
    }
    // A failed write (disk full) must not stop notifications: it is logged and the next save retries.
    this.lastSave = this.store.save(data).catch((error: Error) => this.log(`could not save alert state: ${error.message}`));
    this.track(this.lastSave);
    return this.lastSave;
  }

  private track(promise: Promise<unknown>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }
}
