import Redis from 'ioredis';
import { expect, infoField, POLL_MS, test } from './support/fixtures';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { freePort } from '../scripts/harness/free-port';
import { startRedis } from '../scripts/harness/redis-process';
import { fragment } from '../scripts/lab/engines';

/** An alert on screen: the target goes down, the header says so; it comes back, the alert clears. */
test('target-down fires in the header and in GET /api/alerts, then resolves', async ({ page, request }) => {
  test.setTimeout(60_000);
  const redis = await startRedis();
  let app: AppProcess | null = null;
  try {
    app = await startApp({
      REDIS_URL: redis.url,
      FRAGSCOPE_POLL_MS: String(POLL_MS),
      FRAGSCOPE_ALERT_RULES: JSON.stringify({ 'target-down': { forSeconds: 2 } }),
    });
    await page.goto(app.url);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    const port = redis.port;
    await redis.kill();
    await expect(page.getByTestId('alert-target-down')).toBeVisible({ timeout: 15_000 });
    const active = await (await request.get(`${app.url}/api/alerts`)).json();
    expect(active.active.map((a: { rule: string; targetId: string }) => `${a.targetId}:${a.rule}`)).toEqual(['default:target-down']);
    const back = await startRedis({ port });
    try {
      await expect(page.getByTestId('alert-target-down')).toHaveCount(0, { timeout: 15_000 });
    } finally {
      await back.kill();
    }
  } finally {
    await app?.kill();
    await redis.kill();
  }
});

/**
 * The alert history: an RSS-ratio alert fires on two targets of a fragmented server and resolves
 * (FLUSHALL takes used_memory under 5 MiB), a down target fires target-down; the /alerts page
 * lists them newest first with durations, the figures at firing time and the rule's threshold,
 * filters by target and rule (in the URL), survives a restart of the dashboard, and fits a phone.
 */
test('alert history: fired and resolved alerts with durations and figures, filtered, durable, phone-safe', async ({ page, request }) => {
  test.setTimeout(150_000);
  const redis = await startRedis();
  const direct = new Redis(redis.url);
  let app: AppProcess | null = null;
  let again: AppProcess | null = null;
  try {
    await fragment(redis.url, { keys: 200_000 });
    const ratio = Number(await infoField(direct, 'mem_fragmentation_ratio'));
    expect(ratio, 'the lab fragmenting leaves an RSS ratio well above 1').toBeGreaterThan(1.2);
    // Just under the server's ratio, firing on the first sample: the figures must be the server's.
    const threshold = Math.round((ratio - 0.1) * 100) / 100;
    const env = {
      FRAGSCOPE_TARGETS: `cache=${redis.url},mirror=${redis.url},gone=redis://127.0.0.1:${await freePort()}`,
      FRAGSCOPE_POLL_MS: String(POLL_MS),
      FRAGSCOPE_ALERT_RULES: JSON.stringify({ 'rss-ratio-high': { threshold, forMinutes: 0 }, 'target-down': { forSeconds: 2 } }),
    };
    app = await startApp(env);
    const active = async () => ((await (await request.get(`${app!.url}/api/alerts`)).json()) as { active: { targetId: string; rule: string }[] }).active;
    await expect
      .poll(async () => (await active()).map((a) => `${a.targetId}:${a.rule}`).sort(), { timeout: 20_000 })
      .toEqual(['cache:rss-ratio-high', 'gone:target-down', 'mirror:rss-ratio-high']);
    const firingFor = 3000;
    await page.waitForTimeout(firingFor);
    await direct.flushall();
    await expect.poll(async () => (await active()).map((a) => a.targetId), { timeout: 20_000 }).toEqual(['gone']);

    // Reached from the header's alerts control.
    await page.goto(`${app.url}/fleet`);
    await page.getByTestId('alerts-history-link').first().click();
    await expect(page).toHaveURL(/\/alerts$/);
    await expect(page.getByTestId('history-entry')).toHaveCount(3);
    const cache = page.locator('[data-testid="history-entry"][data-target="cache"]');
    await expect(cache).toHaveAttribute('data-state', 'resolved');
    const duration = Number(await cache.getAttribute('data-duration-ms'));
    expect(duration).toBeGreaterThanOrEqual(firingFor);
    expect(duration).toBeLessThan(firingFor + 20_000);
    await expect(cache.getByTestId('history-duration')).toContainText('lasted');
    const figures = cache.getByTestId('history-figures');
    await expect(figures).toContainText(`threshold ${threshold}`);
    // The firing sample's ratio, as INFO printed it then (the fragmented server is steady).
    const shown = Number((await figures.locator('[title="mem_fragmentation_ratio"] span').textContent()) ?? 'NaN');
    expect(Math.abs(shown - ratio)).toBeLessThanOrEqual(0.05);
    expect(shown).toBeGreaterThan(threshold);
    await expect(figures.locator('[title="allocator_frag_bytes"]')).not.toContainText('—');
    const gone = page.locator('[data-testid="history-entry"][data-target="gone"]');
    await expect(gone).toHaveAttribute('data-state', 'firing');
    await expect(gone.getByTestId('history-figures')).toContainText('no sample at firing time');
    // Newest first, as the API orders them.
    const order = ((await (await request.get(`${app.url}/api/alerts/history`)).json()) as { entries: { id: string; firedAt: number }[] }).entries;
    expect(order.map((e) => e.firedAt)).toEqual(order.map((e) => e.firedAt).sort((a, b) => b - a));
    expect(await page.getByTestId('history-entry').evaluateAll((els) => els.map((e) => e.getAttribute('data-target')))).toEqual(
      order.map((e) => e.id.split(':')[0]),
    );

    // Filters, kept in the URL.
    await expect(async () => {
      await page.getByTestId('history-target').selectOption('mirror');
      await expect(page).toHaveURL(/[?&]target=mirror(&|$)/, { timeout: 5_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    await page.getByTestId('history-target').selectOption('');
    await page.getByTestId('history-rule').selectOption('target-down');
    await expect(page).toHaveURL(/[?&]rule=target-down(&|$)/);
    await expect(page.getByTestId('history-entry')).toHaveCount(1);
    await expect(page.getByTestId('history-entry')).toHaveAttribute('data-target', 'gone');

    // A phone: cards, no sideways scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${app.url}/alerts`);
    await expect(page.getByTestId('history-entry')).toHaveCount(3);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

    // Durable: a new dashboard on the same data dir shows the same history.
    const dataDir = app.dataDir;
    await app.kill();
    app = null;
    again = await startApp({ ...env, FRAGSCOPE_DATA_DIR: dataDir });
    const body = (await (await request.get(`${again.url}/api/alerts/history?target=cache`)).json()) as {
      entries: { state: string; durationMs: number; fired: { threshold: number; figures: { rssRatio: number } } }[];
    };
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ state: 'resolved', durationMs: duration, fired: { threshold, figures: { rssRatio: shown } } });
    const bad = await request.get(`${again.url}/api/alerts/history?page=zero`);
    expect(bad.status()).toBe(422);
  } finally {
    direct.disconnect();
    await app?.kill();
    await again?.kill();
    await redis.kill();
  }
});
