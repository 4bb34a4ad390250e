import { expect, POLL_MS, test } from './support/fixtures';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis } from '../scripts/harness/redis-process';

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
