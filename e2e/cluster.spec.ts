import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startCluster, type RedisCluster } from '../scripts/harness/redis-cluster';
import { expect, test } from './support/fixtures';
import { openView } from './support/views';

/** A real 3-primary Redis Cluster in Chromium: grouped on the fleet page, one change applied to every primary. */
test('cluster: fleet shows the group, the editor applies one change to all primaries with a result per node', async ({ page }) => {
  test.setTimeout(90_000);
  const token = 'cluster-e2e-token-0123456789';
  let cluster: RedisCluster | null = null;
  let app: AppProcess | null = null;
  try {
    cluster = await startCluster(3);
    app = await startApp({
      FRAGSCOPE_TARGETS: `shop=${cluster.targetUrl}`,
      FRAGSCOPE_POLL_MS: '250',
      FRAGSCOPE_CLUSTER_REFRESH_MS: '1000',
      FRAGSCOPE_ADMIN_TOKEN: token,
    });
    await page.goto(`${app.url}/fleet`);
    await expect(page.getByTestId('fleet-cluster')).toContainText('cluster shop · 3 nodes');
    await expect(page.getByTestId('fleet-row')).toHaveCount(3);

    const nodeId = `shop-127-0-0-1-${cluster.nodes[1]!.port}`;
    await page.goto(`${app.url}/?target=${nodeId}`);
    await page.getByTestId('sign-in-token').fill(token);
    await page.getByTestId('sign-in-submit').click();
    await openView(page, 'config');
    await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'true');
    await page.getByTestId('config-input-active-defrag-cycle-max').fill('12');
    await page.getByTestId('config-scope').selectOption('primaries');
    await page.getByTestId('config-apply').click();
    const result = page.getByTestId('config-cluster-result');
    await expect(result).toHaveAttribute('data-all-applied', 'true');
    await expect(result.getByTestId('config-cluster-node')).toHaveCount(3);
    for (const node of cluster.nodes) {
      const client = new Redis(node.port, '127.0.0.1');
      expect(((await client.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('12');
      client.disconnect();
    }
    // Every node's write is in the audit log on its own.
    await openView(page, 'audit');
    await expect(page.locator('[data-testid="audit-entry"][data-action="config-set"]')).toHaveCount(1);
  } finally {
    await app?.kill();
    await cluster?.kill();
  }
});
