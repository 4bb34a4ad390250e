import type { Page } from '@playwright/test';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '../scripts/lab/engines';
import { expect, infoField, POLL_MS, test as base, waitForSample } from './support/fixtures';

/**
 * The operator's console (issue #16): the state and the trend above the fold at 1440x900, every view
 * behind a bookmarkable tab, the shared header on every page, and no page wider than a phone.
 */

const TOKEN = 'e2e-console-token-0123456789abcdef';
const VIEWS = ['overview', 'decision', 'config', 'windows', 'baselines', 'audit'] as const;

interface Console {
  server: RedisProcess;
  direct: Redis;
  app: AppProcess;
}

const test = base.extend<{ console: Console }>({
  console: async ({}, use) => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    const server = await startRedis({ binary });
    await fragment(server.url, { keys: 300_000 });
    const direct = new Redis(server.url);
    const app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
    await use({ server, direct, app });
    direct.disconnect();
    await app.kill();
    await server.kill();
  },
});

const viewUrl = (base: string, view: (typeof VIEWS)[number]) => (view === 'overview' ? `${base}/?target=default` : `${base}/?target=default&view=${view}`);

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('sign-in-token').fill(TOKEN);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText('signed in as admin');
}

/** Fully inside the first screen: top at or below 0, bottom at or above the viewport's height. */
async function aboveTheFold(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const height = page.viewportSize()!.height;
  return box !== null && box.y >= 0 && box.y + box.height <= height;
}

async function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('1440x900: the status strip and the main charts without scrolling, figures as INFO has them', async ({ page, console: c }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${c.app.url}/`);
  await expect(page.getByTestId('status-strip')).toBeVisible();
  await expect(page.getByTestId('chart-ratios')).toBeVisible();
  for (const id of ['status-strip', 'strip-verdict', 'strip-alerts', 'strip-window', 'chart-ratios', 'chart-memory']) {
    expect(await aboveTheFold(page, id), `${id} above the fold`).toBe(true);
  }
  // The strip's RSS ratio is Redis's own mem_fragmentation_ratio, not a figure of ours.
  const agrees = async () => {
    const [rss, allocator] = await Promise.all([page.getByTestId('strip-rss-value').textContent(), page.getByTestId('strip-allocator-value').textContent()]);
    return rss === (await infoField(c.direct, 'mem_fragmentation_ratio')) && allocator === (await infoField(c.direct, 'allocator_frag_ratio'));
  };
  await expect.poll(agrees, { timeout: 10_000 }).toBe(true);
  await expect(page.getByTestId('strip-verdict')).toContainText('Will not run: activedefrag is off');
  await page.screenshot({ path: 'e2e/.artifacts/console-1440.png' });
});

test('every view has its own bookmarkable URL and the tabs reach it', async ({ page, console: c }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${c.app.url}/?target=default`);
  await page.getByTestId('view-tab-decision').click();
  await expect(page).toHaveURL(/[?&]view=decision/);
  await expect(page.getByTestId('decision-tree')).toBeVisible();
  await expect(page.getByTestId('view-tab-decision')).toHaveAttribute('aria-current', 'page');
  // The compact tree: one line per condition, the explanation behind "why".
  const why = page.getByTestId('decision-why-enabled');
  await expect(why.locator('p')).toBeHidden();
  await why.locator('summary').click();
  await expect(why.locator('p')).toBeVisible();
  expect(await aboveTheFold(page, 'decision-verdict')).toBe(true);

  // A bookmark opens the view directly, with the shared header and the strip.
  await page.goto(viewUrl(c.app.url, 'audit'));
  await expect(page.getByTestId('audit-view')).toBeVisible();
  await expect(page.getByTestId('status-strip')).toBeVisible();
  await page.getByTestId('view-tab-overview').click();
  await expect(page.getByTestId('chart-ratios')).toBeVisible();
});

test('the fleet, comparison and 404 pages share the header; the 404 is the app’s own with a way back', async ({ page, console: c }) => {
  for (const path of ['/fleet', '/compare?target=default', '/no/such/page']) {
    const response = await page.goto(`${c.app.url}${path}`);
    await expect(page.getByTestId('app-header')).toBeVisible();
    await expect(page.getByTestId('target-switcher')).toBeVisible();
    await expect(page.getByTestId('active-alerts')).toBeVisible();
    await expect(page.getByTestId('sign-in-token')).toBeVisible();
    if (path === '/no/such/page') expect(response?.status()).toBe(404);
  }
  await expect(page.getByTestId('not-found')).toBeVisible();
  await page.getByTestId('not-found-home').click();
  await expect(page.getByTestId('status-strip')).toBeVisible();
});

test('390x844: no page scrolls sideways, signed out and signed in', async ({ page, console: c }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const pages = [...VIEWS.map((v) => viewUrl(c.app.url, v)), `${c.app.url}/fleet`, `${c.app.url}/compare?target=default`, `${c.app.url}/nope`];
  for (const signedIn of [false, true]) {
    if (signedIn) {
      await page.goto(viewUrl(c.app.url, 'config'));
      await signIn(page);
    }
    for (const url of pages) {
      await page.goto(url);
      await expect(page.getByTestId('app-header')).toBeVisible();
      // The stream keeps a request open, so "network idle" never comes: give the panels' first fetches a moment.
      await page.waitForTimeout(800);
      expect(await sidewaysOverflow(page), `${url} (${signedIn ? 'signed in' : 'signed out'})`).toBeLessThanOrEqual(0);
    }
  }
  await page.goto(`${c.app.url}/`);
  await page.screenshot({ path: 'e2e/.artifacts/console-390.png', fullPage: true });
});

test('a config change and a window are marked on every chart, each linked to its audit entry', async ({ page, console: c }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(viewUrl(c.app.url, 'config'));
  await signIn(page);
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'true');
  await page.getByTestId('config-input-active-defrag-cycle-max').fill('20');
  await page.getByTestId('config-apply').click();
  await expect(page.getByTestId('config-result')).toBeVisible();
  expect(((await c.direct.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('20');

  await page.getByTestId('view-tab-windows').click();
  await page.getByTestId('window-run-now-minutes').fill('1');
  await page.getByTestId('window-run-now').click();
  await expect(page.getByTestId('window-row')).toHaveCount(1);
  // This lab build can defrag: the scheduler's start is applied, and Redis says so.
  await expect.poll(async () => ((await c.direct.call('CONFIG', 'GET', 'activedefrag')) as string[])[1], { timeout: 10_000 }).toBe('yes');

  await page.getByTestId('view-tab-overview').click();
  const list = page.getByTestId('chart-annotations');
  await expect(list.locator('[data-kind="config"]')).toContainText('config change by admin: active-defrag-cycle-max');
  await expect(list.locator('[data-kind="window-start"]')).toHaveCount(1);
  // Drawn on every chart, not only listed: one line per annotation besides the threshold line.
  for (const chart of ['chart-ratios', 'chart-memory', 'chart-defrag-rates', 'chart-key-rates', 'chart-effort', 'chart-latency']) {
    await expect.poll(() => page.getByTestId(chart).locator('.recharts-reference-line').count()).toBeGreaterThanOrEqual(2);
  }
  await expect(page.getByTestId('status-strip').getByTestId('strip-window')).toContainText('Once');
  await page.screenshot({ path: 'e2e/.artifacts/console-annotations.png' });

  await list.locator('[data-kind="config"] a').click();
  await expect(page).toHaveURL(/view=audit#audit-/);
  const id = new URL(page.url()).hash.slice('#audit-'.length);
  await expect(page.locator(`[data-testid="audit-entry"][data-audit-id="${id}"]`)).toHaveAttribute('data-action', 'config-set');
});

/** `FRAGSCOPE_SCREENSHOTS=1 npx playwright test -c e2e/playwright.config.ts e2e/console.spec.ts -g README` rewrites the README's pictures. */
test('README screenshots: the console light and dark, desktop and phone', async ({ page, console: c }) => {
  test.skip(!process.env.FRAGSCOPE_SCREENSHOTS, 'set FRAGSCOPE_SCREENSHOTS=1 to rewrite public/screenshots/');
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [device, size] of [
      ['desktop', { width: 1440, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      await page.setViewportSize(size);
      for (const view of ['overview', 'decision'] as const) {
        await page.goto(viewUrl(c.app.url, view));
        await expect(page.getByTestId('status-strip')).toBeVisible();
        // Let the charts gather a few seconds of live samples.
        await page.waitForTimeout(view === 'overview' ? 4000 : 1000);
        await page.screenshot({ path: `public/screenshots/console-${view}-${scheme}-${device}.png` });
      }
    }
  }
});
