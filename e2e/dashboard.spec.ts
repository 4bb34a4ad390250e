import { formatBytes } from '../lib/format';
import { startRedis } from '../scripts/harness/redis-process';
import { expect, infoField, test } from './support/fixtures';
import { openView } from './support/views';

test.describe('fragmentation gauge', () => {
  test('shows the same ratios as INFO, and follows memory as it changes', async ({ page, app, direct }) => {
    await direct.call('DEBUG', 'POPULATE', '100000', 'key', '64');
    await page.goto(app.url);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('server-identity')).toContainText('redis 7.0');
    await expect(page.getByTestId('defrag-support')).toHaveText('defrag: unsupported');

    // INFO refreshes these every 100 ms and the page every poll: they must agree within a few polls.
    const agrees = async () => {
      const [rss, allocator] = await Promise.all([page.getByTestId('gauge-rss-ratio').textContent(), page.getByTestId('gauge-allocator-ratio').textContent()]);
      return rss === (await infoField(direct, 'mem_fragmentation_ratio')) && allocator === (await infoField(direct, 'allocator_frag_ratio'));
    };
    await expect.poll(agrees, { timeout: 10_000 }).toBe(true);
    const usedBefore = await page.getByTestId('mem-used').textContent();

    // Grow the dataset: used memory on screen must change and match INFO again.
    await direct.call('DEBUG', 'POPULATE', '300000', 'more', '256');
    await expect(page.getByTestId('mem-used')).not.toHaveText(usedBefore ?? '');
    await expect
      .poll(async () => (await page.getByTestId('mem-used').textContent()) === formatBytes(Number(await infoField(direct, 'used_memory'))))
      .toBe(true);
    await expect.poll(agrees, { timeout: 10_000 }).toBe(true);
    await page.screenshot({ path: 'e2e/.artifacts/dashboard.png', fullPage: true });
  });

  test('shows an outage, keeps the last figures, and recovers by itself', async ({ page, app, redis, direct }) => {
    await direct.call('DEBUG', 'POPULATE', '100000', 'key', '64');
    await page.goto(app.url);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('gauge-rss-ratio')).not.toHaveText('—');

    await redis.kill();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'down');
    await expect(page.getByTestId('connection-status')).toContainText(/disconnected \d+ s, retrying/);
    await expect(page.getByTestId('connection-error')).toContainText('Redis refused the connection');
    await expect(page.getByTestId('connection-error-raw')).toContainText('ECONNREFUSED');
    await expect(page.getByTestId('fragmentation-section')).toHaveAttribute('data-stale', 'true');
    await expect(page.getByTestId('gauge-rss-ratio')).not.toHaveText('—');
    // The decision tree lives in its own view; it is greyed on the stale sample too.
    await openView(page, 'decision');
    await expect(page.getByTestId('decision-tree-wrap')).toHaveAttribute('data-stale', 'true');
    await openView(page, 'overview');

    const restarted = await startRedis({ port: redis.port });
    try {
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live', { timeout: 5000 });
      await expect(page.getByTestId('fragmentation-section')).toHaveAttribute('data-stale', 'false');
    } finally {
      await restarted.kill();
    }
  });
});
