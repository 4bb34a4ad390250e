import { test as base, expect, type Page } from '@playwright/test';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { resolveEngineBinary } from '../scripts/lab/engines';
import { POLL_MS, waitForSample } from './support/fixtures';

/**
 * What defrag cannot fix and MEMORY PURGE, through the allocator view: on a lab build (redis-7.0)
 * holding freed pages it does not return, signed in as admin, with the audit entry and RSS before
 * and after checked against redis-cli; and where the command is renamed away.
 */

const TOKEN = 'e2e-purge-token-0123456789abcdef';

interface Env {
  server: RedisProcess;
  direct: Redis;
  app: AppProcess;
}

const test = base.extend<{ env: Env; serverArgs: string[]; lab: boolean }>({
  serverArgs: [[], { option: true }],
  lab: [true, { option: true }],
  env: async ({ serverArgs, lab }, use) => {
    const binary = lab ? resolveEngineBinary('redis-7.0') : undefined;
    if (lab && !binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build --engine redis-7.0`');
    const server = await startRedis({ binary: binary ?? undefined, args: serverArgs });
    const direct = new Redis(server.url);
    const app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
    await use({ server, direct, app });
    direct.disconnect();
    await app.kill();
    await server.kill();
  },
});

const rssOf = async (direct: Redis) => Number(/^used_memory_rss:(\d+)/m.exec(await direct.info('memory'))![1]);
const mib = (text: string | null) => {
  const m = /(-?[\d.]+) (B|KiB|MiB|GiB)/.exec(text ?? '');
  return m ? Number(m[1]) * { B: 1 / 1048576, KiB: 1 / 1024, MiB: 1, GiB: 1024 }[m[2] as 'B' | 'KiB' | 'MiB' | 'GiB'] : Number.NaN;
};

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('sign-in-token').fill(TOKEN);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText('signed in as admin');
}

test('MEMORY PURGE through the view: offered when the allocator holds freed pages, audited, RSS before and after as redis-cli reads it', async ({
  page,
  env,
}) => {
  const { direct, app } = env;
  // Whole slabs freed by plain DELs, and no background thread to return them: RSS stays high.
  await direct.config('SET', 'jemalloc-bg-thread', 'no');
  await direct.call('DEBUG', 'POPULATE', '300000', 'purge', '300');
  await direct.eval("for i = 0, 299999 do redis.call('DEL', 'purge:' .. i) end return 1", 0);

  await page.goto(`${app.url}/allocator?target=default`);
  await page.getByTestId('allocator-read').click();
  const cannotFix = page.getByTestId('cannot-fix');
  await expect(cannotFix).toBeVisible();
  await expect(page.getByTestId('cannot-fix-summary')).toContainText('MEMORY PURGE or jemalloc');
  await expect(page.getByTestId('cannot-fix-bg-thread')).toContainText('no: dirty pages are returned only when the allocator is busy');
  await expect(page.getByTestId('cannot-fix-large')).toContainText('page padding');
  const panel = page.getByTestId('purge-panel');
  await expect(panel).toHaveAttribute('data-recommended', 'true');
  await expect(page.getByTestId('purge-advice')).toContainText('MEMORY PURGE can return them');
  // Not signed in: the reason, no button.
  await expect(page.getByTestId('purge-blocked')).toContainText('sign in with the admin token to purge');
  await expect(page.getByTestId('purge-button')).toHaveCount(0);

  await signIn(page);
  await page.getByTestId('purge-button').click();
  const rssBefore = await rssOf(direct);
  await page.getByTestId('purge-confirm').click();
  const result = page.getByTestId('purge-result');
  await expect(result).toContainText('MEMORY PURGE by admin');
  const rssAfter = await rssOf(direct);
  const shownBefore = mib(await page.getByTestId('purge-rss-before').textContent());
  const shownAfter = mib(await page.getByTestId('purge-rss-after').textContent());
  // The figures shown are the server's own (to the display's rounding, and what the poller moved meanwhile).
  expect(Math.abs(shownBefore - rssBefore / 1048576)).toBeLessThan(2);
  expect(Math.abs(shownAfter - rssAfter / 1048576)).toBeLessThan(2);
  expect(shownBefore - shownAfter).toBeGreaterThan(30);
  const auditId = (await page.getByTestId('purge-audit-id').textContent()) ?? '';
  console.info(`[purge e2e] used_memory_rss ${rssBefore} -> ${rssAfter}; shown ${shownBefore} -> ${shownAfter} MiB; audit ${auditId}`);

  // A second purge within the minute is refused by the server, and the view says when again.
  await page.getByTestId('allocator-read').click();
  await expect(page.getByTestId('purge-blocked')).toContainText('purged less than a minute ago');

  await page.goto(`${app.url}/?target=default&view=audit`);
  const entry = page.getByTestId('audit-entry').first();
  await expect(entry.getByTestId('audit-action')).toContainText('memory-purge');
  await expect(entry.getByTestId('audit-actor')).toHaveText('admin');
  await expect(entry.getByTestId('audit-result')).toContainText('applied');
  await expect(entry.getByTestId('audit-note')).toContainText('used_memory_rss');
});

test.describe('MEMORY renamed away', () => {
  test.use({ lab: false, serverArgs: ['--rename-command', 'MEMORY', ''] });
  test('the view says why, in Redis’s words', async ({ page, env }) => {
    await page.goto(`${env.app.url}/allocator?target=default`);
    await page.getByTestId('allocator-read').click();
    await expect(page.getByTestId('allocator-error')).toContainText(/MEMORY MALLOC-STATS is not available on default: .*unknown command/i);
    await expect(page.getByTestId('purge-panel')).toHaveCount(0);
  });
});

test.describe("Debian's packaged redis-server", () => {
  test.use({ lab: false });
  test('links the system jemalloc: the anatomy reads, MEMORY PURGE is offered (it cannot defrag, it can purge)', async ({ page, env }) => {
    await page.goto(`${env.app.url}/allocator?target=default`);
    await page.getByTestId('allocator-read').click();
    await expect(page.getByTestId('cannot-fix')).toBeVisible();
    await expect(page.getByTestId('purge-blocked')).toContainText('sign in with the admin token to purge');
    await signIn(page);
    await expect(page.getByTestId('purge-button')).toBeVisible();
  });

  test('a click made before the page runs is not lost: the button waits for React (scripts held back 2 s)', async ({ page, env }) => {
    // The server's HTML shows "Read the allocator" before its handler exists; unfixed, this click
    // did nothing (the test above failed that way in CI on a loaded machine).
    await page.route('**/_next/static/chunks/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await route.continue();
    });
    await page.goto(`${env.app.url}/allocator?target=default`, { waitUntil: 'commit' });
    await page.getByTestId('allocator-read').click();
    await expect(page.getByTestId('cannot-fix')).toBeVisible();
  });
});
