import type { Snapshot } from '@/lib/snapshot';
import { parseConfig } from '../core/env';
import { TargetPoller } from './target-poller';

/** Test helpers for code that watches a real poller. Not imported by the app. */

export function startPoller(
  url: string,
  options: { intervalMs: number; timeoutMs?: number; historySize?: number; refreshEvery?: number; tlsCa?: string; latencyMs?: number },
): TargetPoller {
  const [target] = parseConfig({ REDIS_URL: url }).targets;
  const poller = new TargetPoller(target!, {
    intervalMs: options.intervalMs,
    timeoutMs: options.timeoutMs ?? 5000,
    historySize: options.historySize ?? 100,
    refreshEvery: options.refreshEvery,
    tlsCa: options.tlsCa,
    latencyMs: options.latencyMs,
  });
  poller.start();
  return poller;
}

/** The next snapshot (from now on) that satisfies `predicate`; rejects after `timeoutMs`. */
export function nextSnapshot(poller: TargetPoller, predicate: (s: Snapshot) => boolean, timeoutMs = 5000): Promise<Snapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      const last = poller.latest();
      reject(new Error(`no matching snapshot within ${timeoutMs} ms; last ok=${last?.ok} error=${last?.error ?? ''}`));
    }, timeoutMs);
    const unsubscribe = poller.subscribe((s) => {
      if (!predicate(s)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(s);
    });
  });
}

/** Every snapshot for `ms` milliseconds. */
export function collectSnapshots(poller: TargetPoller, ms: number): Promise<Snapshot[]> {
  const seen: Snapshot[] = [];
  const unsubscribe = poller.subscribe((s) => seen.push(s));
  return new Promise((resolve) =>
    setTimeout(() => {
      unsubscribe();
      resolve(seen);
    }, ms),
  );
}
