import { spawn, type ChildProcess } from 'node:child_process';
import Redis from 'ioredis';
import { escapeMarkdown } from '../lib/baselines/export';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { rawBuckets, referencePercentile } from '../scripts/harness/latency-reference';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '../scripts/lab/engines';
import { expect, POLL_MS, test, waitForSample, waitForSteadyRss } from './support/fixtures';

/**
 * Issue #17 on a real lab run (redis-8.0 build) under a bounded `redis-benchmark` load on
 * loopback: the latency API's percentiles over a span equal percentiles the test computes itself
 * from its own raw LATENCY HISTOGRAM readings at the span's ends, and the run summary states the
 * run's latency cost per busy command, GET included, with the event-loop cycle time that rose.
 */

const LATENCY_MS = 1000;
const TOKEN = 'e2e-latency-token-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}` };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bursts of 500 GETs and SETs from one client every 200 ms: a few thousand calls/s, never a flood. */
function startLoad(port: number): ChildProcess {
  const script = `while true; do /usr/bin/redis-benchmark -h 127.0.0.1 -p ${port} -t get,set -n 500 -c 1 -q > /dev/null 2>&1; sleep 0.2; done`;
  return spawn('bash', ['-c', script], { stdio: 'ignore', detached: true });
}
function stopLoad(load: ChildProcess | null): void {
  // The loop and its current redis-benchmark are one process group: end exactly that group.
  if (load?.pid) {
    try {
      process.kill(-load.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

test.describe('latency cost on the lab build', () => {
  let server: RedisProcess;
  let direct: Redis;
  let app: AppProcess;
  let load: ChildProcess | null = null;

  test.beforeAll(async () => {
    const binary = resolveEngineBinary('redis-8.0');
    if (!binary) throw new Error('no verified redis-8.0 lab build: run `npm run lab -- build`');
    server = await startRedis({ binary });
    direct = new Redis(server.url);
  });

  test.afterAll(async () => {
    stopLoad(load);
    direct?.disconnect();
    await app?.kill();
    await server?.kill();
  });

  test('the API percentiles equal the test\u2019s own from raw readings, and the run summary states the latency cost', async ({ page, request }) => {
    test.setTimeout(600_000);
    await fragment(server.url, { keys: 1_000_000 });
    await waitForSteadyRss(direct);
    // The load goes before the dashboard starts: its first INFO commandstats picks the busy commands from it.
    load = startLoad(server.port);
    await sleep(3000);
    app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_LATENCY_MS: String(LATENCY_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
    const api = `${app.url}/api/targets/default`;
    await expect
      .poll(async () => (await (await request.get(`${api}/latency`)).json()).commands, { timeout: 30_000 })
      .toEqual(expect.arrayContaining(['get', 'set']));
    await sleep(20_000); // the "before the run" readings
    const created = await request.post(`${api}/baselines`, { data: { name: 'before the run' }, headers: BEARER });
    expect(created.status()).toBe(201);
    const baselineId = ((await created.json()) as { id: string }).id;

    // A quiet moment on each side of the measured span, so the sampler's readings there equal the test's own.
    stopLoad(load);
    await sleep(3 * LATENCY_MS);
    const r0 = await rawBuckets(direct, 'get');
    const from = Date.now();
    await sleep(2.5 * LATENCY_MS);
    load = startLoad(server.port);
    await sleep(5000);
    await direct.call(
      'CONFIG',
      'SET',
      'active-defrag-ignore-bytes',
      '1mb',
      'active-defrag-threshold-lower',
      '5',
      'active-defrag-cycle-min',
      '75',
      'active-defrag-cycle-max',
      '75',
      'activedefrag',
      'yes',
    );
    const runs = async () =>
      (await (await request.get(`${api}/runs`)).json()) as {
        current: unknown;
        last: {
          start: { at: number };
          end: unknown;
          latencyCost: {
            rows: Array<{ command: string; beforeP99Usec: number; duringP99Usec: number; duringCalls: number }>;
            eventLoop: { beforeUsecPerCycle: number; duringUsecPerCycle: number } | null;
            text: string | null;
          };
        } | null;
      };
    await expect.poll(async () => (await runs()).last?.end ?? null, { timeout: 240_000, intervals: [2000] }).not.toBeNull();
    await sleep(3000);
    stopLoad(load);
    load = null;
    await sleep(3 * LATENCY_MS);
    const r1 = await rawBuckets(direct, 'get');
    const to = Date.now();

    const latency = await (await request.get(`${api}/latency?from=${from}&to=${to}`)).json();
    expect(latency.status).toBe('ok');
    expect(latency.resolution).toContain('power-of-two');
    const get = latency.range.commands.get;
    const p50 = referencePercentile(r0, r1, 500);
    console.info(
      `[latency] GET over the span: API ${JSON.stringify(get)}; test p50 ${p50.usec} p99 ${referencePercentile(r0, r1, 990).usec} p99.9 ${referencePercentile(r0, r1, 999).usec} µs over ${p50.calls} calls`,
    );
    expect(get.calls).toBe(p50.calls);
    expect(get.calls).toBeGreaterThan(1000);
    expect(get.p50_usec).toBe(p50.usec);
    expect(get.p99_usec).toBe(referencePercentile(r0, r1, 990).usec);
    expect(get.p999_usec).toBe(referencePercentile(r0, r1, 999).usec);
    // Columns like /history: the windows' GET calls add up to the span's.
    expect(latency.series.get_calls.reduce((s: number, v: number | null) => s + (v ?? 0), 0)).toBe(get.calls);
    expect(latency.t.length).toBe(latency.series.get_p99_usec.length);
    expect(latency.series.all_p99_usec.some((v: number | null) => v !== null)).toBe(true);

    // The run's latency cost, per busy command: GET p99 before the run against during it.
    const last = (await runs()).last!;
    const row = last.latencyCost.rows.find((r) => r.command === 'get');
    console.info(`[latency] run cost: ${last.latencyCost.text}; rows ${JSON.stringify(last.latencyCost.rows)}`);
    expect(row).toBeDefined();
    expect(row!.duringCalls).toBeGreaterThan(100);
    // Redis times a command's execution only (call()), not its wait behind a defrag slice: the GET p99
    // stays within a bucket of where it was (2 -> 2 µs, 4 -> 8 µs and 4 -> 2 µs all seen on 2 cores;
    // 40 one-second windows on the 8.0 lab, 2026-12-02, showed no shift at all). What a client waits
    // for is the event loop: its cycle time (INFO eventloop_duration_sum / eventloop_cycles) rose from
    // ~35 µs to ~500 µs per cycle in every run, and the summary states it beside the p99.
    console.info(`[latency] GET p99 ${row!.beforeP99Usec} -> ${row!.duringP99Usec} µs; event-loop cycle ${JSON.stringify(last.latencyCost.eventLoop)}`);
    const loop = last.latencyCost.eventLoop!;
    expect(loop).not.toBeNull();
    expect(loop.duringUsecPerCycle).toBeGreaterThan(3 * loop.beforeUsecPerCycle);
    expect(last.latencyCost.text).toContain(`event-loop cycle ${loop.beforeUsecPerCycle} µs -> `);
    expect(last.latencyCost.text).toMatch(/^(GET|SET) p99 [\d.]+ (µs|ms) -> [\d.]+ (µs|ms).* while defrag ran at \d+ % CPU/);
    expect(last.latencyCost.text).toContain('GET p99');

    // The baseline comparison across the run (baseline -> now; `run:` waits for RSS to settle) states
    // the same cost, in its JSON, its Markdown and on screen.
    const compare = await (await request.get(`${api}/baselines/${baselineId}/compare?to=now`)).json();
    expect(compare.latencyCost.text).toBe(last.latencyCost.text);
    const markdown = await (await request.get(`${api}/baselines/${baselineId}/compare?to=now&format=md`)).text();
    expect(markdown).toContain(`- Latency cost: ${escapeMarkdown(last.latencyCost.text!)}`);
    await page.goto(`${app.url}/compare?target=default&baseline=${baselineId}&to=now`, { timeout: 90_000 });
    // On a loaded machine a poll can fail just then ("the target is not answering"): retry, as an operator would.
    await expect(async () => {
      const retry = page.getByRole('button', { name: 'retry' });
      if (await retry.isVisible()) await retry.click();
      await expect(page.getByTestId('comparison-latency-cost')).toContainText(last.latencyCost.text!, { timeout: 10_000 });
    }).toPass({ timeout: 90_000 });

    // The machine under test is shared: the first render can take a while under load.
    await page.goto(app.url, { timeout: 90_000 });
    await expect(page.getByTestId('run-latency-cost')).toHaveText(last.latencyCost.text!, { timeout: 90_000 });
    await expect(page.getByTestId('latency-chart')).toHaveAttribute('data-status', 'ok', { timeout: 30_000 });
    // Redis 8.0 counts its event loop: the chart draws the cycle beside the p99 lines.
    await expect(page.getByTestId('chart-server-latency-summary')).toContainText('event-loop cycle', { timeout: 30_000 });
    // `FRAGSCOPE_SCREENSHOTS=1` rewrites the README's picture: the run's latency cost and the p99 chart.
    if (process.env.FRAGSCOPE_SCREENSHOTS) {
      await page.setViewportSize({ width: 1440, height: 1600 });
      await page.waitForTimeout(2000);
      await page.screenshot({ path: 'public/screenshots/latency-cost.png' });
    }
  });
});
