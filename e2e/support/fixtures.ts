import { test as base } from '@playwright/test';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../../scripts/harness/redis-process';

interface Fixtures {
  /** A fresh Debian redis-server on a free port, killed after the test. */
  redis: RedisProcess;
  /** A client to the same server, for the test's own INFO reads and writes. */
  direct: Redis;
  /** The built dashboard pointed at `redis`, polling every 250 ms. */
  app: AppProcess;
}

export const POLL_MS = 250;

export const test = base.extend<Fixtures>({
  redis: async ({}, use) => {
    const server = await startRedis();
    await use(server);
    await server.kill();
  },
  direct: async ({ redis }, use) => {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1, lazyConnect: true });
    client.on('error', () => {}); // the outage tests kill the server under it
    await client.connect();
    await use(client);
    client.disconnect();
  },
  app: async ({ redis }, use) => {
    // 51 streams from this one address prove that viewers share one poller (api.spec.ts); the
    // per-client cap itself (default 32) has its own spec, faults/sse-limits.spec.ts.
    const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_MAX_STREAMS_PER_CLIENT: '64' });
    await use(app);
    await app.kill(); // graceful shutdown has its own test in api.spec.ts
  },
});

export { expect } from '@playwright/test';

/** One field of `INFO memory`, exactly as Redis prints it. */
export async function infoField(client: Redis, field: string): Promise<string> {
  const text = await client.info('memory');
  const match = new RegExp(`^${field}:(.*?)\\r?$`, 'm').exec(text);
  if (!match?.[1]) throw new Error(`INFO memory has no ${field}`);
  return match[1];
}

/** Resolves once the app has taken a good sample of `targetId` (pollers start with the first request). */
export async function waitForSample(appUrl: string, targetId = 'default'): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${appUrl}/api/targets/${targetId}/snapshot`);
    if (response.ok && (await response.json()).ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no good sample of ${targetId} within 10 s`);
}

/**
 * After a defrag run RSS keeps falling for a while as the allocator returns pages: resolves (with
 * the RSS) once two reads a second apart agree within 1 %, so "now" and INFO mean the same moment.
 */
export async function waitForSteadyRss(client: Redis, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let previous = Number(await infoField(client, 'used_memory_rss'));
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const next = Number(await infoField(client, 'used_memory_rss'));
    if (Math.abs(next - previous) / previous < 0.01) return next;
    if (Date.now() > deadline) throw new Error(`RSS still moving after ${timeoutMs} ms (${previous} -> ${next})`);
    previous = next;
  }
}
