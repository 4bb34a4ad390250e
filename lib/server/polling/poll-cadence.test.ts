import { afterEach, describe, expect, it } from 'vitest';
import { fragment } from '@/lib/lab/fragment';
import type { Snapshot } from '@/lib/snapshot';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { parseConfig } from '../core/env';
import { TargetPoller } from './target-poller';

/**
 * Idle polling against a real redis-server (Debian's: no defrag needed), at the defaults:
 * 1 s while needed, FRAGSCOPE_IDLE_POLL_MS = 5 s otherwise.
 */

const FAST = 1000;
const IDLE = 5000;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(): Promise<{ server: RedisProcess; poller: TargetPoller; seen: Snapshot[] }> {
  const server = await startRedis();
  cleanups.push(() => server.kill());
  const [target] = parseConfig({ REDIS_URL: server.url }).targets;
  const poller = new TargetPoller(target!, { intervalMs: FAST, idleIntervalMs: IDLE, timeoutMs: 5000, historySize: 100 });
  const seen: Snapshot[] = [];
  // Not a viewer: the alerting kind of listener, which must not keep the target at 1 s.
  poller.subscribe((s) => seen.push(s));
  poller.start();
  cleanups.push(() => poller.stop());
  return { server, poller, seen };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const spacings = (xs: readonly Snapshot[]) => xs.slice(1).map((s, i) => s.at - xs[i]!.at);

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await sleep(50);
  }
}

describe('idle polling (FRAGSCOPE_IDLE_POLL_MS)', () => {
  it('samples a quiet, unwatched server every 5 s, and the history marks those samples idle-spaced', async () => {
    const { poller, seen } = await setup();
    await waitFor(() => seen.filter((s) => s.ok).length >= 4, 25_000);
    const ok = seen.filter((s) => s.ok);
    // The first sample is the connect-time poll; the ticks after it come every 5 s.
    for (const d of spacings(ok.slice(1))) expect(Math.abs(d - IDLE)).toBeLessThan(400);
    expect(poller.cadenceReason).toBe('idle');
    expect(poller.stats.polls).toBeLessThanOrEqual(ok.length + 1);
    // Rates across 5 s spacings are real rates (0 here), not gaps: the samples say they are idle-spaced.
    const last = ok.at(-1)!.at;
    const r = poller.store.query({ from: ok[1]!.at, to: last, series: ['active_defrag_hits_per_sec'] });
    expect(r.series.active_defrag_hits_per_sec!.slice(1).every((v) => v === 0)).toBe(true);
  }, 40_000);

  it('goes to 1 s within a second of a viewer opening the stream, and back once it leaves', async () => {
    const { poller, seen } = await setup();
    await waitFor(() => seen.filter((s) => s.ok).length >= 2, 15_000);
    await sleep(1500); // mid-way through an idle interval
    const openedAt = Date.now();
    const unsubscribe = poller.subscribe(() => undefined, { viewer: true });
    await waitFor(() => seen.some((s) => s.ok && s.at >= openedAt), 3000);
    const first = seen.find((s) => s.ok && s.at >= openedAt)!;
    expect(first.at - openedAt).toBeLessThanOrEqual(1100);
    expect(poller.cadenceReason).toBe('viewer');
    const n = seen.length;
    await sleep(3500);
    const watched = seen.slice(n).filter((s) => s.ok);
    expect(watched.length).toBeGreaterThanOrEqual(3);
    for (const d of spacings(watched)) expect(Math.abs(d - FAST)).toBeLessThan(300);
    unsubscribe();
    expect(poller.cadenceReason).toBe('idle');
  }, 40_000);

  it('goes to 1 s when fragmentation moves (lab fragment: allocator_frag_bytes jumps)', async () => {
    const { server, poller, seen } = await setup();
    await waitFor(() => seen.filter((s) => s.ok).length >= 2, 15_000);
    expect(poller.cadenceReason).toBe('idle');
    await fragment(server.url, { keys: 200_000, force: true });
    // The next idle sample sees the movement; from then on 1 s.
    await waitFor(() => poller.cadenceReason === 'moving', 7000);
    const n = seen.length;
    await sleep(3500);
    const after = seen.slice(n).filter((s) => s.ok);
    expect(after.length).toBeGreaterThanOrEqual(3);
    for (const d of spacings(after)) expect(Math.abs(d - FAST)).toBeLessThan(300);
  }, 60_000);
});
