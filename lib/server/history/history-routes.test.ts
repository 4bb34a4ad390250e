import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyResponseSchema } from '@/lib/history/api-schema';
import { freePort } from '@/scripts/harness/free-port';
import { startPrometheus, waitForScrapes, type PrometheusProcess } from '@/scripts/harness/prometheus-process';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { getHub, type Hub } from '../core/hub';
import { renderMetrics } from '../fleet/prometheus-metrics';
import { historyResponse } from './history-routes';

/**
 * Issue 18 through the route: with FRAGSCOPE_PROMETHEUS_URL, `/history` answers from memory while
 * the range lies within what this app holds, and from a real Prometheus (scraping this hub's
 * /api/metrics on loopback) once the range reaches back beyond it, in the same columns.
 */

const DAY = 24 * 3_600_000;

describe('GET /api/targets/{id}/history with FRAGSCOPE_PROMETHEUS_URL', () => {
  let redis: RedisProcess;
  let direct: Redis;
  let hub: Hub;
  let metrics: Server;
  let prometheus: PrometheusProcess;
  let writer: NodeJS.Timeout;

  beforeAll(async () => {
    redis = await startRedis();
    direct = new Redis(redis.url);
    let n = 0;
    writer = setInterval(() => void direct.set(`grow:${n++}`, 'x'.repeat(20_000)), 1000);
    // Prometheus must exist before the hub reads its URL, and scrape the hub once it runs.
    const metricsPort = await freePort();
    metrics = createServer((req, res) => {
      if (!req.url?.startsWith('/api/metrics')) return void res.writeHead(404).end();
      void renderMetrics([...getHub().pollers.values()]).then((body) => res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(body));
    });
    await new Promise<void>((resolve) => metrics.listen(metricsPort, '127.0.0.1', resolve));
    prometheus = await startPrometheus({ targets: [`127.0.0.1:${metricsPort}`], scrapeIntervalS: 1 });
    process.env.FRAGSCOPE_TARGETS = `cache=${redis.url}`;
    process.env.FRAGSCOPE_POLL_MS = '250';
    process.env.FRAGSCOPE_PROMETHEUS_URL = prometheus.url;
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-history-route-'));
    hub = getHub();
    await waitForScrapes(prometheus, 'redis_memory_used_bytes', 8);
  }, 90_000);

  afterAll(async () => {
    clearInterval(writer);
    await hub?.stop();
    await prometheus?.kill();
    metrics?.close();
    direct?.disconnect();
    await redis?.kill();
  });

  const get = async (from: number, to: number, series = 'used_memory') => {
    const response = await historyResponse('cache', `http://127.0.0.1/api/targets/cache/history?from=${from}&to=${to}&points=200&series=${series}`);
    return { status: response.status, body: await response.json() };
  };

  it('answers a range the app holds from memory', async () => {
    const to = Date.now();
    const { status, body } = await get(to - 5000, to);
    expect(status).toBe(200);
    const history = historyResponseSchema.parse(body);
    expect(history.source ?? 'memory').toBe('memory');
    expect(history.series.used_memory!.some((v) => v !== null)).toBe(true);
  });

  it('answers 30 days back from Prometheus, in the same columns, with the recent scrapes in them', async () => {
    const to = Date.now() - 2000;
    const { status, body } = await get(to - 30 * DAY, to);
    expect(status).toBe(200);
    const history = historyResponseSchema.parse(body);
    expect(history.source).toBe('prometheus');
    expect(Object.keys(history.series)).toEqual(['used_memory']);
    expect(history.t.length).toBe(history.series.used_memory!.length);
    // A 30-day step is hours long: the newest row (a bucket up to now) holds this test's scrapes, the first ones nothing.
    const values = history.series.used_memory!;
    expect(values.at(-1)).toBeGreaterThan(0);
    expect(values[0]).toBeNull();
  });

  it('refuses a span beyond 400 days with a clear error, and Prometheus down is an error, not a crash', async () => {
    const to = Date.now();
    const refused = await get(to - 401 * DAY, to);
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.body)).toContain('at most 400 days');
    await prometheus.kill();
    const down = await get(to - 10 * DAY, to);
    expect(down.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(down.body)).toContain('Prometheus unavailable');
    // Memory still answers what it holds.
    expect((await get(Date.now() - 5000, Date.now())).status).toBe(200);
  });
});
