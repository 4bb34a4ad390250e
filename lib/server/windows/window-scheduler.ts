import 'server-only';
import type { ConfigValues } from '@/lib/config-params/api-schema';
import { presetChanges } from '@/lib/config-params';
import { activeOccurrence, describeWindow, type StoredWindow } from '@/lib/windows';
import type { ApplyContext } from '../config/config-apply';
import { applyConfigChange } from '../config/config-apply';
import type { TargetConfig } from '../core/env';
import { AppError } from '../core/errors';
import { log } from '../core/log';
import type { WindowStore } from './window-store';
import type { Snapshot } from '@/lib/snapshot';
import { captureBaseline } from '../baselines/baseline-capture';
import type { BaselineStore } from '../baselines/baseline-store';

export interface SchedulerDeps {
  store: WindowStore;
  /** With both, a window's start also captures a baseline of the sample from just before it. */
  baselines?: BaselineStore;
  snapshotOf?: (targetId: string) => Snapshot | null;
  /** The targets to run windows on; a function where they change (cluster nodes come and go). */
  targets: readonly TargetConfig[] | (() => readonly TargetConfig[]);
  applyContext: (targetId: string) => ApplyContext;
  /** With replicas: windows run only on the replica that polls the target, so each fires once. */
  owns?: (targetId: string) => boolean;
  now?: () => number;
  tickMs?: number;
}

const TICK_MS = 1000;
const FIRST_RETRY_MS = 5000;
const MAX_RETRY_MS = 5 * 60_000;
const PRUNE_AFTER_MS = 24 * 3600_000;

/**
 * Runs maintenance windows. At a window's start it saves the current values of every parameter
 * it will set (durably, before writing), applies the preset and `activedefrag yes`; at the end it
 * restores exactly the saved values. The state lives in the window store, so a restart inside a
 * window carries on, and one that slept through an end restores at once.
 */
export class WindowScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Backoff per target after a failed start or end, so a down server is not hammered (or the audit log flooded). */
  private readonly retry = new Map<string, { at: number; delay: number; key: string }>();
  private readonly now: () => number;

  constructor(private readonly deps: SchedulerDeps) {
    this.now = deps.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.deps.tickMs ?? TICK_MS);
    this.timer.unref();
    void this.tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over every target; concurrent calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pass(): Promise<void> {
    const { store } = this.deps;
    await store.load();
    if (store.loadProblem) return;
    const now = this.now();
    const targets = typeof this.deps.targets === 'function' ? this.deps.targets() : this.deps.targets;
    for (const target of targets) {
      try {
        await this.runTarget(target, now);
      } catch (error) {
        log.error(`window scheduler, target ${target.id}: ${(error as Error).message}`);
      }
    }
    await store.pruneEnded((w) => w.kind === 'once' && Date.parse(w.end) + PRUNE_AFTER_MS < now && store.active(w.targetId)?.windowId !== w.id);
  }

  private async runTarget(target: TargetConfig, now: number): Promise<void> {
    const { store } = this.deps;
    if (this.deps.owns && !this.deps.owns(target.id)) return;
    const active = store.active(target.id);
    if (active) {
      const window = store.windows(target.id).find((w) => w.id === active.windowId);
      // Deleting a running window ends it now: the operator expects the old values back.
      if (now >= active.end || !window) return this.end(target, active.windowId, active.saved, window);
      if (!active.applied) return this.begin(target, window, { start: active.start, end: active.end });
      return;
    }
    for (const window of store.windows(target.id)) {
      const occurrence = activeOccurrence(window, now);
      if (occurrence) return this.begin(target, window, occurrence);
    }
  }

  private async begin(target: TargetConfig, window: StoredWindow, occurrence: { start: number; end: number }): Promise<void> {
    const key = `start:${window.id}:${occurrence.start}`;
    if (this.waiting(target.id, key)) return;
    const { store } = this.deps;
    const resumed = store.active(target.id)?.windowId === window.id;
    const before = resumed ? null : (this.deps.snapshotOf?.(target.id) ?? null);
    try {
      await applyConfigChange(this.deps.applyContext(target.id), {
        changes: (server) => ({ ...presetChanges(window.preset, server.identity, server.reported), activedefrag: 'yes' }),
        rewrite: false,
        actor: 'scheduler',
        action: 'window-start',
        windowId: window.id,
        note: `${describeWindow(window)}, preset ${window.preset}`,
        allowNoop: true,
        // Saved to disk before anything is written: a crash right after the write still knows what to restore.
        beforeWrite: async (saved: ConfigValues) => {
          const previous = store.active(target.id);
          await store.setActive({
            targetId: target.id,
            windowId: window.id,
            start: occurrence.start,
            end: occurrence.end,
            // Re-applying after a crash must not save the window's own values as "before".
            saved: previous?.windowId === window.id ? previous.saved : saved,
            applied: false,
          });
        },
      });
      const state = store.active(target.id);
      if (state) await store.setActive({ ...state, applied: true });
      this.retry.delete(target.id);
      if (before && this.deps.baselines) {
        await captureBaseline(this.deps.baselines, before, {
          name: `before window: ${window.label ?? describeWindow(window)}`,
          note: `captured by the scheduler as the window started (preset ${window.preset})`,
          takenBy: 'scheduler',
          trigger: 'window-start',
        }).catch((error: Error) => log.error(`baseline at window start failed: ${error.message}`));
      }
    } catch (error) {
      // Audited by applyConfigChange. Nothing was changed (atomic, or rolled back): forget the state.
      const state = store.active(target.id);
      if (state && !state.applied) await store.clearActive(target.id);
      // Redis said no (or the preset does not fit): that will not change before this occurrence ends.
      if (error instanceof AppError && error.code !== 'unavailable') this.retry.set(target.id, { at: occurrence.end, delay: FIRST_RETRY_MS, key });
      else this.backoff(target.id, key);
    }
  }

  private async end(target: TargetConfig, windowId: string, saved: ConfigValues, window: StoredWindow | undefined): Promise<void> {
    const key = `end:${windowId}`;
    if (this.waiting(target.id, key)) return;
    const changes = Object.fromEntries(Object.entries(saved).filter((e): e is [string, string] => e[1] !== null));
    try {
      await applyConfigChange(this.deps.applyContext(target.id), {
        changes,
        rewrite: false,
        actor: 'scheduler',
        action: 'window-end',
        windowId,
        note: window
          ? `${describeWindow(window)}: restoring the values from before the window`
          : 'window deleted while running: restoring the values from before it',
        allowNoop: true,
      });
      await this.deps.store.clearActive(target.id);
      this.retry.delete(target.id);
    } catch {
      this.backoff(target.id, key);
    }
  }

  private waiting(targetId: string, key: string): boolean {
    const r = this.retry.get(targetId);
    return r !== undefined && r.key === key && this.now() < r.at;
  }

  private backoff(targetId: string, key: string): void {
    const previous = this.retry.get(targetId);
    const delay = previous?.key === key ? Math.min(previous.delay * 2, MAX_RETRY_MS) : FIRST_RETRY_MS;
    this.retry.set(targetId, { at: this.now() + delay, delay, key });
  }
}
