import { startApp } from '../../scripts/harness/app-process';
import { treeRss } from '../../scripts/harness/procfs';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { openStream } from '../support/sse-client';
import { health, MiB, sleep, STACK_FRAME } from './fault-support';
import { collectGarbage, inspectorUrl } from './inspector-gc';

/**
 * Fault suite 4: 2,000 SSE connects and disconnects, 50 at a time. Every stream must be cleaned
 * up (viewers back to 0) and the app's memory must come back near its baseline. The app runs with
 * the inspector on a free loopback port so the test can force a full GC before each reading:
 * otherwise V8 keeps the heap it grew into for ~30 s and the figures say nothing about leaks.
 */

const TOTAL = 2000;
const BATCH = 50;
/** After a forced GC the noise is 1-3 MiB; a leak of 12 KiB per stream would exceed this. */
const RSS_TOLERANCE = 25 * MiB;

async function viewers(appUrl: string): Promise<number> {
  return (await health(appUrl)).targets[0]!.viewers;
}

/** RSS of the app's process tree (`next start` and the server it runs), in bytes, with the parts. */
function appRss(pid: number) {
  const parts = treeRss(pid);
  return { total: parts.reduce((sum, p) => sum + p.rss, 0), parts };
}

/** RSS after a forced full GC: the lowest of a few readings a little apart. */
async function settledRss(pid: number, inspector: string, readings = 3, everyMs = 300): Promise<number> {
  await collectGarbage(inspector);
  let lowest = Infinity;
  for (let i = 0; i < readings; i++) {
    await sleep(everyMs);
    lowest = Math.min(lowest, appRss(pid).total);
  }
  return lowest;
}

/** Opens `count` streams at once, waits until each has its first event, then closes them all. */
async function churnBatch(appUrl: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, async () => {
      let first!: () => void;
      let timer: NodeJS.Timeout | undefined;
      const gotEvent = new Promise<void>((resolve, reject) => {
        first = resolve;
        timer = setTimeout(() => reject(new Error('a stream sent no event within 10 s')), 10_000);
      });
      const stream = await openStream(`${appUrl}/api/targets/default/stream`, () => first());
      try {
        await gotEvent;
      } finally {
        clearTimeout(timer);
        stream.close();
      }
    }),
  );
}

test('2,000 SSE connects and disconnects leave no viewer behind and memory near its baseline', async ({ redis }) => {
  test.setTimeout(120_000);
  const app = await startApp({
    REDIS_URL: redis.url,
    FRAGSCOPE_POLL_MS: String(POLL_MS),
    NODE_OPTIONS: '--inspect=127.0.0.1:0',
    // One client opens 50 at a time here, above the default per-client cap of 32 (sse-limits.spec.ts
    // tests the cap). A closed stream leaves the count when the server sees the close, which can be
    // after the next batch opens: room for several batches keeps this a test of churn, not of the cap.
    FRAGSCOPE_MAX_STREAMS_PER_CLIENT: String(BATCH * 4),
  });
  try {
    await waitForSample(app.url);
    const pid = app.child.pid!;
    const inspector = inspectorUrl(app.output());
    if (!inspector) throw new Error(`the app printed no inspector address:\n${app.output()}`);
    // Warm up (JIT, route compilation, first buffers), then take the baseline.
    await churnBatch(app.url, BATCH);
    await expect.poll(() => viewers(app.url), { timeout: 5000 }).toBe(0);
    const baseline = await settledRss(pid, inspector);
    console.log(`[faults] app processes: ${JSON.stringify(appRss(pid).parts.map((p) => ({ ...p, rss: `${(p.rss / MiB).toFixed(1)} MiB` })))}`);

    const started = Date.now();
    let peak = 0;
    for (let done = 0; done < TOTAL; done += BATCH) {
      await churnBatch(app.url, BATCH);
      peak = Math.max(peak, appRss(pid).total);
    }
    const churnMs = Date.now() - started;
    await expect.poll(() => viewers(app.url), { timeout: 10_000 }).toBe(0);
    const viewersAt = Date.now() - started - churnMs;
    const unforced = appRss(pid).total;
    const after = await settledRss(pid, inspector);
    const growth = after - baseline;
    console.log(
      `[faults] ${TOTAL} streams in batches of ${BATCH}: ${churnMs} ms; viewers back to 0 ${viewersAt} ms after the last close; ` +
        `RSS baseline ${(baseline / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB, ${(unforced / MiB).toFixed(1)} MiB before the GC, ` +
        `${(after / MiB).toFixed(1)} MiB after it ` +
        `(${growth >= 0 ? '+' : ''}${(growth / MiB).toFixed(1)} MiB, tolerance +${RSS_TOLERANCE / MiB} MiB)`,
    );
    expect(growth).toBeLessThan(RSS_TOLERANCE);
    // The app still serves: a new viewer gets samples, and /api/health is healthy.
    let got = 0;
    const stream = await openStream(`${app.url}/api/targets/default/stream`, (e) => e.event === 'snapshot' && got++);
    await expect.poll(() => got).toBeGreaterThanOrEqual(2);
    expect(await viewers(app.url)).toBe(1);
    stream.close();
    await expect.poll(() => viewers(app.url)).toBe(0);
    expect((await health(app.url)).targets[0]).toMatchObject({ connected: true, maxPollsInFlight: 1 });
    const log = app.output();
    expect(log).not.toMatch(STACK_FRAME);
    if (log.includes('MaxListenersExceededWarning')) {
      console.log('[faults] note: the app warned "MaxListenersExceededWarning" (one abort listener per viewer on the poller\'s stop signal; removed on close)');
    }
  } finally {
    await app.kill();
  }
});
