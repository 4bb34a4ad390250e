import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { fragment } from '../scripts/lab/engines';
import { expect, infoField, POLL_MS, test, waitForSample } from './support/fixtures';

/** The fleet page in Chromium: six real servers with different waste, sorted by it; a click opens the target. */
test('fleet overview: every target on one page, sorted by reclaimable waste, a click opens it', async ({ page }) => {
  test.setTimeout(90_000);
  const keys = [0, 400_000, 30_000, 200_000, 0, 100_000];
  const servers: RedisProcess[] = await Promise.all(keys.map(() => startRedis()));
  let app: AppProcess | null = null;
  try {
    app = await startApp({
      FRAGSCOPE_TARGETS: servers.map((s, i) => `shard-${i + 1}=${s.url}`).join(','),
      FRAGSCOPE_POLL_MS: String(POLL_MS),
    });
    for (const [i, n] of keys.entries()) if (n > 0) await fragment(servers[i]!.url, { keys: n });
    await waitForSample(app.url, 'shard-6');
    await page.goto(`${app.url}/fleet`);
    await expect(page.getByTestId('fleet-row')).toHaveCount(6);
    await expect(page.getByTestId('fleet-count')).toContainText('6 targets');

    // Waste as Redis itself reports it, read directly, decides the expected order.
    const waste = await Promise.all(
      servers.map(async (s) => {
        const client = new Redis(s.url);
        try {
          return Number(await infoField(client, 'allocator_frag_bytes'));
        } finally {
          client.disconnect();
        }
      }),
    );
    const expected = waste
      .map((w, i) => ({ id: `shard-${i + 1}`, w }))
      .sort((a, b) => b.w - a.w || a.id.localeCompare(b.id))
      .map((x) => x.id);
    // The most fragmented three are far apart, so their order is stable between polls.
    await expect
      .poll(async () => (await page.getByTestId('fleet-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-target-id')))).slice(0, 3), {
        timeout: 10_000,
      })
      .toEqual(expected.slice(0, 3));
    const shown = await page.getByTestId('fleet-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-waste'))));
    expect([...shown].sort((a, b) => b - a)).toEqual(shown);

    await page.getByTestId('fleet-filter').fill('shard-4');
    await expect(page.getByTestId('fleet-row')).toHaveCount(1);
    await page.getByTestId('fleet-open').click();
    await expect(page).toHaveURL(/\?target=shard-4$/);
    await expect(page.getByTestId('target-switcher')).toHaveValue('shard-4');
  } finally {
    await app?.kill();
    await Promise.all(servers.map((s) => s.kill()));
  }
});
