import { readFile } from 'node:fs/promises';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '../scripts/lab/engines';
import { formatBytes } from '../lib/format';
import { expect, infoField, POLL_MS, test, waitForSample, waitForSteadyRss } from './support/fixtures';

/**
 * The baselines panel and the comparison page in Chromium, on a fragmented defrag-capable lab
 * server: read-only without signing in; signed in, capture through the form, let defrag run,
 * "compare with now" is a success with the RSS row, the Markdown download carries the figures,
 * the "to" chooser moves to the end of the detected run, and "now" on a dead server is a clear 503
 * that the page asks again by itself until the server is back.
 * The panel is driven on /compare?target=default (the baselines index), so this spec does not
 * depend on where the dashboard places it.
 */

const TOKEN = 'e2e-baselines-ui-token-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}` };

const UNITS: Record<string, number> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
/** "72.3 MiB" -> bytes (to within the printed precision). */
function parseBytes(text: string): number {
  const match = /^(-?[\d.]+) (B|KiB|MiB|GiB)$/.exec(text.trim());
  if (!match) throw new Error(`not a byte figure: ${text}`);
  return Number(match[1]) * UNITS[match[2]!]!;
}

test.describe('baselines UI on the lab build', () => {
  let server: RedisProcess;
  let direct: Redis;
  let app: AppProcess;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    server = await startRedis({ binary });
    await fragment(server.url, { keys: 1_000_000 });
    direct = new Redis(server.url, { maxRetriesPerRequest: 1 });
    direct.on('error', () => {}); // the last test kills the server under it
    app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
  });

  test.afterAll(async () => {
    direct?.disconnect();
    await app?.kill();
    await server?.kill();
  });

  test('without signing in, the panel lists baselines read-only and comparisons open; signing in on the page enables capture', async ({ page, request }) => {
    const created = await request.post(`${app.url}/api/targets/default/baselines`, { data: { name: 'seeded by a script', note: 'from CI' }, headers: BEARER });
    expect(created.status()).toBe(201);
    const seeded = await created.json();

    await page.goto(`${app.url}/compare?target=default`);
    const panel = page.getByTestId('baselines-panel');
    await expect(panel).toHaveAttribute('data-writable', 'false');
    const row = panel.locator(`[data-testid="baseline-row"][data-baseline-id="${seeded.id}"]`);
    await expect(row.getByTestId('baseline-row-name')).toHaveText('seeded by a script');
    await expect(row.getByTestId('baseline-trigger')).toHaveText('manual');
    await expect(row).toContainText('by admin');
    await expect(row).toContainText('from CI');
    await expect(row.getByTestId('baseline-figures')).toContainText(`RSS ${formatBytes(seeded.snapshot.info.used_memory_rss)}`);
    await expect(row.getByTestId('baseline-vs-now')).toContainText('→ now: RSS');
    await expect(row.getByTestId('baseline-md')).toHaveAttribute('href', `/api/targets/default/baselines/${seeded.id}/compare?to=now&format=md`);
    // Read-only: the reason instead of the form, and no delete.
    await expect(page.getByTestId('baselines-readonly-reason')).toContainText('sign in with the admin token');
    await expect(page.getByTestId('baseline-capture')).toHaveCount(0);
    await expect(page.getByTestId('baseline-delete')).toHaveCount(0);

    await row.getByTestId('baseline-compare').click();
    await expect(page).toHaveURL(`${app.url}/compare?target=default&baseline=${seeded.id}&to=now`);
    await expect(page.getByTestId('comparison-verdict')).toHaveAttribute('data-status', /.+/);
    await expect(page.getByTestId('comparison-row-used_memory_rss').getByTestId('comparison-before')).toHaveText(
      formatBytes(seeded.snapshot.info.used_memory_rss),
    );

    await page.goto(`${app.url}/compare?target=default&baseline=b-nosuch-0000abcd&to=now`);
    await expect(page.getByTestId('comparison-error')).toHaveAttribute('data-status', '404');
    await expect(page.getByTestId('comparison-error')).toContainText('may have been deleted');
    await expect(page.getByTestId('comparison-index-link')).toHaveAttribute('href', '/compare?target=default');

    // Signing in from the page's own header makes the panel writable at once, not at the next 10 s refresh.
    await page.goto(`${app.url}/compare?target=default`);
    await expect(page.getByTestId('baselines-panel')).toHaveAttribute('data-writable', 'false');
    await page.getByTestId('sign-in-token').fill(TOKEN);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('signed in as admin');
    await expect(page.getByTestId('baselines-panel')).toHaveAttribute('data-writable', 'true', { timeout: 5000 });
    await expect(page.getByTestId('baseline-capture')).toBeVisible();
  });

  test('signed in: capture, defrag, compare with now is a success; Markdown download; run end; 503 when the server is gone', async ({ page }) => {
    test.setTimeout(180_000);
    // The session cookie lands in the browser context that page.request shares.
    expect((await page.request.post(`${app.url}/api/session`, { data: { token: TOKEN } })).ok()).toBe(true);
    await page.goto(`${app.url}/compare?target=default`);
    const panel = page.getByTestId('baselines-panel');
    await expect(panel).toHaveAttribute('data-writable', 'true');
    await expect(page.getByTestId('baselines-readonly-reason')).toHaveCount(0);

    await page.getByTestId('baseline-name').fill('before defrag (ui)');
    await page.getByTestId('baseline-note').fill('captured through the form');
    await page.getByTestId('baseline-capture').click();
    const row = panel.getByTestId('baseline-row').filter({ hasText: 'before defrag (ui)' });
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('baseline-name')).toHaveValue('');
    await expect(panel.getByTestId('baseline-row').first()).toHaveAttribute('data-baseline-id', (await row.getAttribute('data-baseline-id'))!);
    await expect(row.getByTestId('baseline-delete')).toBeVisible();
    const baselineId = (await row.getAttribute('data-baseline-id'))!;
    const listed = (await (await page.request.get(`${app.url}/api/targets/default/baselines`)).json()).baselines as Array<{
      id: string;
      takenBy: string;
      figures: { used_memory_rss: number };
    }>;
    const mine = listed.find((b) => b.id === baselineId)!;
    expect(mine.takenBy).toBe('admin');
    const rssBefore = mine.figures.used_memory_rss;

    // Defrag on, through the same session.
    const on = await page.request.post(`${app.url}/api/targets/default/config`, {
      data: { changes: { activedefrag: 'yes', 'active-defrag-ignore-bytes': '1mb', 'active-defrag-cycle-max': '75' } },
    });
    expect(on.status()).toBe(200);
    await expect.poll(async () => Number(await infoField(direct, 'allocator_frag_ratio')), { timeout: 90_000, intervals: [500] }).toBeLessThan(1.2);
    await expect.poll(async () => Number(await infoField(direct, 'active_defrag_running')), { timeout: 30_000, intervals: [250] }).toBe(0);
    await new Promise((r) => setTimeout(r, 4000)); // past the run detector's 3 s grace
    await waitForSteadyRss(direct);
    // The editor's automatic baseline shows up on the next refresh, with its trigger in words.
    await expect(panel.locator('[data-testid="baseline-row"][data-trigger="activedefrag-on"]').getByTestId('baseline-trigger')).toHaveText(
      'defrag switched on',
      {
        timeout: 15_000,
      },
    );

    await row.getByTestId('baseline-compare').click();
    await expect(page).toHaveURL(`${app.url}/compare?target=default&baseline=${baselineId}&to=now`);
    const verdict = page.getByTestId('comparison-verdict');
    await expect(verdict).toHaveAttribute('data-status', 'success');
    await expect(verdict.getByTestId('comparison-status')).toHaveText('✓ success');
    await expect(verdict.getByTestId('comparison-headline')).toContainText('Defrag reclaimed');
    await expect(verdict.getByTestId('comparison-reasons')).toContainText('active_defrag_hits rose');
    const rssRow = page.getByTestId('comparison-row-used_memory_rss');
    await expect(rssRow.getByTestId('comparison-before')).toHaveText(formatBytes(rssBefore));
    await expect(rssRow.getByTestId('comparison-change')).toHaveText(/^-\d/);
    await expect(rssRow.getByTestId('comparison-improved')).toHaveText('✓ improved');
    await expect(page.getByTestId('comparison-permalink')).toHaveValue(page.url());
    await expect(page.getByTestId('compare-dashboard-link')).toHaveAttribute('href', '/?target=default');
    await expect(page.getByTestId('comparison-csv')).toHaveAttribute('href', `/api/targets/default/baselines/${baselineId}/compare?to=now&format=csv`);

    // The charts span both moments and mark them.
    const charts = page.getByTestId('comparison-charts');
    const memoryChart = charts.getByTestId('chart-memory');
    await expect(memoryChart.locator('.recharts-reference-line')).toHaveCount(2);
    await expect(memoryChart.getByText('before', { exact: true })).toBeVisible();
    await expect(memoryChart.getByText('after', { exact: true })).toBeVisible();
    await expect(page.getByTestId('comparison-charts-outside')).toHaveCount(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('comparison-md').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^fragscope-default-${baselineId}-vs-now\\.md$`));
    const markdown = await readFile((await download.path())!, 'utf8');
    expect(markdown).toContain('**Verdict: success.**');
    const rssLine = /^\| RSS \(`used_memory_rss`\) \| ([^|]+) \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$/m.exec(markdown);
    expect(rssLine, markdown).not.toBeNull();
    expect(rssLine![1]!.trim()).toBe(formatBytes(rssBefore));
    const rssNow = Number(await infoField(direct, 'used_memory_rss'));
    expect(Math.abs(parseBytes(rssLine![2]!) - rssNow) / rssNow).toBeLessThan(0.05);
    expect(rssLine![3]!.trim()).toMatch(/^-\d/);
    expect(markdown).toContain(`/compare?target=default&baseline=${baselineId}&to=now`);

    // "to": the end of the detected run; the URL follows the choice.
    const chooser = page.getByTestId('comparison-to');
    const runOptions = chooser.locator('option[value^="run:"]');
    // A run is offered once RSS settled after it (up to a minute: the allocator returns pages late) and the page re-read /runs.
    await expect.poll(async () => (await runOptions.count()) > 0 || (await page.reload().then(() => false)), { timeout: 90_000, intervals: [5000] }).toBe(true);
    const runValue = (await runOptions.last().getAttribute('value'))!;
    await chooser.selectOption(runValue);
    await expect(page).toHaveURL(`${app.url}/compare?target=default&baseline=${baselineId}&to=${encodeURIComponent(runValue)}`);
    await expect(page.getByTestId('comparison')).toHaveAttribute('data-to', runValue);
    await expect(page.getByTestId('comparison-moments')).toContainText('end of the defrag run');
    await expect(page.getByTestId('comparison-verdict')).toHaveAttribute('data-status', 'success');
    await expect(page.getByTestId('comparison-refresh')).toHaveCount(0);

    // The server dies: "now" cannot be read, and the page says so; the run end still compares.
    await server.kill();
    // Until the poller has seen the outage, "now" is still the last good sample (a poll ago).
    await expect.poll(async () => (await (await fetch(`${app.url}/api/targets/default/snapshot`)).json()).ok, { timeout: 10_000 }).toBe(false);
    await page.goto(`${app.url}/compare?target=default&baseline=${baselineId}&to=now`);
    const error = page.getByTestId('comparison-error');
    await expect(error).toHaveAttribute('data-status', '503');
    await expect(error).toContainText('The target is not answering');
    await expect(error.getByTestId('comparison-error-message')).toContainText('no recent good sample of default');
    // It says it asks again by itself, and does: the server comes back on the same port and the
    // comparison with now replaces the error without a click (a new process, so no longer a 503).
    await expect(error.getByTestId('comparison-auto-retry')).toContainText('asking again every 5 s');
    await page.getByTestId('comparison-to').selectOption(runValue);
    await expect(page.getByTestId('comparison-verdict')).toHaveAttribute('data-status', 'success');
    await expect(page.getByTestId('comparison-error')).toHaveCount(0);

    await page.goto(`${app.url}/compare?target=default&baseline=${baselineId}&to=now`);
    await expect(page.getByTestId('comparison-error')).toHaveAttribute('data-status', '503');
    const port = Number(new URL(server.url).port);
    server = await startRedis({ binary: resolveEngineBinary('redis-7.0')!, port });
    await expect.poll(async () => (await (await fetch(`${app.url}/api/targets/default/snapshot`)).json()).ok, { timeout: 20_000 }).toBe(true);
    await expect(page.getByTestId('comparison-verdict').or(page.getByTestId('comparison-error').and(page.locator(':not([data-status="503"])')))).toBeVisible({
      timeout: 20_000,
    });
    await expect(page.getByTestId('comparison-auto-retry')).toHaveCount(0);
  });
});
