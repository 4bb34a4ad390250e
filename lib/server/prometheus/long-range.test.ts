import { createServer, type Server } from 'node:http';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/harness/free-port';
import { startPrometheus, waitForScrapes, type PrometheusProcess } from '@/scripts/harness/prometheus-process';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { renderMetrics } from '../fleet/prometheus-metrics';
import { nextSnapshot, startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';
import { longRangeHistory } from './long-range';
import { PrometheusClient } from './prometheus-client';

/**
 * Issue 18: ranges beyond the in-memory history come from a real Prometheus scraping what
 * /api/metrics exports (the same renderMetrics, served on loopback), in the history's columns.
 */

const SCRAPE_S = 1;
const POLL_MS = 250;

async function serve(handler: (url: string) => Promise<{ status: number; type: string; body: string }>): Promise<{ server: Server; port: number }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    void handler(req.url ?? '/').then(({ status, type, body }) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port };
}

describe('long range from Prometheus', () => {
  let redis: RedisProcess;
  let direct: Redis;
  let poller: TargetPoller;
  let app: Server;
  let prometheus: PrometheusProcess;
  let writer: NodeJS.Timeout;

  beforeAll(async () => {
    redis = await startRedis();
    direct = new Redis(redis.url);
    poller = startPoller(redis.url, { intervalMs: POLL_MS });
    await nextSnapshot(poller, (s) => s.ok);
    // used_memory climbs every second, so each scrape has a figure of its own to match.
    let n = 0;
    writer = setInterval(() => void direct.set(`grow:${n++}`, 'x'.repeat(20_000)), 1000);
    const served = await serve(async (url) =>
      url.startsWith('/api/metrics')
        ? { status: 200, type: 'text/plain; version=0.0.4', body: await renderMetrics([poller]) }
        : { status: 404, type: 'text/plain', body: '' },
    );
    app = served.server;
    prometheus = await startPrometheus({ targets: [`127.0.0.1:${served.port}`], scrapeIntervalS: SCRAPE_S });
    await waitForScrapes(prometheus, 'redis_memory_used_bytes', 14);
  }, 90_000);

  afterAll(async () => {
    clearInterval(writer);
    await prometheus?.kill();
    app?.close();
    await poller?.stop();
    direct?.disconnect();
    await redis?.kill();
  });

  it("answers in the history's columns, each value one the app itself held at that step", async () => {
    const to = Date.now() - 2000;
    const from = to - 10_000;
    const client = new PrometheusClient(prometheus.url);
    const body = await longRangeHistory(client, {
      targetId: 'default',
      from,
      to,
      points: 11,
      series: ['used_memory', 'allocator_frag_ratio', 'total_active_defrag_time'],
    });
    expect(body.source).toBe('prometheus');
    expect(Object.keys(body.series)).toEqual(['used_memory', 'allocator_frag_ratio', 'total_active_defrag_time']);
    expect(body.t.length).toBeGreaterThanOrEqual(10);
    expect(body.t.every((t, i) => i === 0 || t - body.t[i - 1]! === 1000)).toBe(true);
    // Not exported by /api/metrics: a gap, never a made-up figure.
    expect(body.series.total_active_defrag_time!.every((v) => v === null)).toBe(true);

    const own = poller.store.query({ from: from - 5000, to, points: 5000, series: ['used_memory'] });
    const prom = body.series.used_memory!;
    expect(prom.every((v) => v !== null)).toBe(true);
    expect(new Set(prom).size, 'the figure moved during the range').toBeGreaterThanOrEqual(3);
    body.t.forEach((t, i) => {
      // Prometheus's value at t is its last scrape at or before t, which carried the app's newest
      // sample then: one the app held within a scrape plus a poll (and some slack for load) before t.
      const held = own.t.flatMap((at, k) => (at <= t && at >= t - (SCRAPE_S * 1000 + POLL_MS + 1500) ? [own.series.used_memory![k]] : []));
      expect(held, `step ${new Date(t).toISOString()}`).toContain(prom[i]);
    });
  });

  it('Prometheus down: a clear "Prometheus unavailable" error that never shows the credentials', async () => {
    const port = await freePort();
    const client = new PrometheusClient(`http://scraper:s3cret-pw@127.0.0.1:${port}/`);
    const error = await longRangeHistory(client, { targetId: 'default', from: Date.now() - 60_000, to: Date.now(), points: 60, series: ['used_memory'] }).catch(
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^Prometheus unavailable: ECONNREFUSED \(http:\/\/127\.0\.0\.1:\d+\)$/);
    expect((error as Error).message).not.toContain('s3cret');
    expect((error as Error).message).not.toContain('scraper');
  });

  it('something that is not Prometheus: a clear error, not a crash', async () => {
    const { server, port } = await serve(async () => ({ status: 200, type: 'text/html', body: '<html>login</html>' }));
    try {
      const client = new PrometheusClient(`http://127.0.0.1:${port}`);
      await expect(client.queryRange('up', Date.now() - 10_000, Date.now(), 1000)).rejects.toThrow(
        /^Prometheus unavailable: HTTP 200 with a body that is not JSON/,
      );
      // A PromQL error is Prometheus's own text.
      const real = new PrometheusClient(prometheus.url);
      await expect(real.queryRange('rate(up', Date.now() - 10_000, Date.now(), 1000)).rejects.toThrow(/^Prometheus unavailable: bad_data: /);
    } finally {
      server.close();
    }
  });
});
