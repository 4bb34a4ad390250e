import 'server-only';
import type { ConfigValues } from '@/lib/config-params/api-schema';
import { presetChanges } from '@/lib/config-params';
import { activeOccurrence, describeWindow, type StoredWindow } from '@/lib/windows';
import type { ApplyContext } from '../config/config-apply';
import { applyConfigChange } from '../config/config-apply';
import type { TargetConfig } from '../core/env';
import { AppError } from '../core/errors';
import { log } from '../core/log';
import type { DocumentFence } from '../storage/record-log';
import type { ActiveWindow, WindowStore } from './window-store';
import { findParam, sameValue } from '@/lib/config-params';
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
  /** With replicas: the lease fence every write of the scheduler's state carries (see DocumentFence). */
  fence?: (targetId: string) => DocumentFence | null;
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

  private fenceOf(targetId: string): DocumentFence | null {
    return this.deps.fence?.(targetId) ?? null;
  }

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
      if (now >= active.end || !window) return this.end(target, active, window);
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
    // Only a state this attempt created may be forgotten, and only when nothing can have been written.
    let createdHere = false;
    let written = false;
    try {
      const outcome = await applyConfigChange(this.deps.applyContext(target.id), {
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
          const keep = previous?.windowId === window.id;
          await store.setActive(
            {
              targetId: target.id,
              windowId: window.id,
              start: occurrence.start,
              end: occurrence.end,
              // Re-applying after a crash or an unknown outcome must not save the window's own values as "before".
              saved: keep ? previous.saved : saved,
              applied: false,
            },
            this.fenceOf(target.id),
          );
          createdHere = !keep;
        },
      });
      written = true;
      const state = store.active(target.id);
      // What the window set (read back): the end restores only what still holds it.
      if (state) await store.setActive({ ...state, applied: true, setTo: { ...outcome.snapshotBefore, ...outcome.after } }, this.fenceOf(target.id));
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
      // Audited by applyConfigChange. Nothing was written (refused, invalid, unreachable before sending): forget
      // the state it just saved. After an unknown outcome the write may have landed: keep `saved`, the retry re-reads.
      const state = store.active(target.id);
      if (createdHere && !written && state && !state.applied && nothingWritten(error)) await store.clearActive(target.id, this.fenceOf(target.id));
      // Redis said no (or the preset does not fit): that will not change before this occurrence ends.
      if (error instanceof AppError && error.code !== 'unavailable' && error.code !== 'outcome_unknown' && error.code !== 'storage')
        this.retry.set(target.id, { at: occurrence.end, delay: FIRST_RETRY_MS, key });
      else this.backoff(target.id, key);
    }
  }

  private async end(target: TargetConfig, active: ActiveWindow, window: StoredWindow | undefined): Promise<void> {
    const { windowId, saved, setTo } = active;
    const key = `end:${windowId}`;
    if (this.waiting(target.id, key)) return;
    const restorable = Object.entries(saved).filter((e): e is [string, string] => e[1] !== null);
    let kept: string[] = [];
    try {
      await applyConfigChange(this.deps.applyContext(target.id), {
        // An operator who changed a parameter during the window meant it: only what still holds the window's value goes back.
        changes: (server) => {
          kept = restorable.filter(([name, original]) => changedSince(name, original, setTo, server.values)).map(([name]) => name);
          return Object.fromEntries(restorable.filter(([name]) => !kept.includes(name)));
        },
        rewrite: false,
        actor: 'scheduler',
        action: 'window-end',
        windowId,
        note: (server) => {
          const what = window
            ? `${describeWindow(window)}: restoring the values from before the window`
            : 'window deleted while running: restoring the values from before it';
          if (kept.length === 0) return what;
          const list = kept.map((name) => `${name} (window set ${setTo?.[name] ?? '?'}, now ${server.values[name] ?? '?'})`).join(', ');
          return `${what}; kept, because changed during the window: ${list}`;
        },
        allowNoop: true,
      });
      if (kept.length > 0) log.info(`window ${windowId} on ${target.id} ended; kept the operator's values of ${kept.join(', ')}`);
      await this.deps.store.clearActive(target.id, this.fenceOf(target.id));
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

/** True when the write cannot have been sent: validation, a refusal, or no connection before the write. */
function nothingWritten(error: unknown): boolean {
  return error instanceof AppError && ['invalid', 'forbidden', 'redis_refused', 'unavailable', 'storage'].includes(error.code);
}

/**
 * The server holds neither what the window set nor the original (an operator changed it during the
 * window). False when the window's values were not recorded (a state saved by an older version).
 */
function changedSince(name: string, original: string, setTo: ConfigValues | undefined, now: ConfigValues): boolean {
  if (!setTo || !Object.hasOwn(setTo, name) || setTo[name] == null) return false;
  const current = Object.hasOwn(now, name) ? now[name] : null;
  const same = (a: string | null | undefined, b: string | null | undefined) => {
    const spec = findParam(name);
    return spec ? sameValue(spec.kind, a, b) : a === b;
  };
  return !same(setTo[name], current) && !same(original, current);
}
