import AxeBuilder from '@axe-core/playwright';
import Redis from 'ioredis';
import { DateTime } from 'luxon';
import type { Page } from '@playwright/test';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { expect, infoField, test } from './support/fixtures';

/**
 * The charts' range as an operator drives it: drag-to-zoom, reset, the range in the URL, the
 * absolute picker (in the viewer's zone, here one that is not the machine's), restart annotations
 * and the gauge's overflow marker, on a real Debian redis-server.
 */

// Not UTC and not a whole-hour offset: a picker reading the wrong zone is off by 5 h 30 min.
const ZONE = 'Asia/Kolkata';
test.use({ timezoneId: ZONE });

const CHARTS = ['chart-ratios', 'chart-memory', 'chart-defrag-rates', 'chart-key-rates', 'chart-effort', 'chart-latency'];
const localInput = (ms: number) => DateTime.fromMillis(ms, { zone: ZONE }).toFormat("yyyy-LL-dd'T'HH:mm:ss");

function urlRange(page: Page): { from: number; to: number } | null {
  const params = new URL(page.url()).searchParams;
  const from = params.get('from');
  const to = params.get('to');
  return from === null || to === null ? null : { from: Number(from), to: Number(to) };
}

/** Every chart draws [from, to] (its time axis) with samples in it. */
async function expectChartsShow(page: Page, from: number, to: number): Promise<void> {
  for (const id of CHARTS) {
    const chart = page.getByTestId(id);
    await expect(chart).toHaveAttribute('data-from', String(from));
    await expect(chart).toHaveAttribute('data-to', String(to));
    await expect.poll(async () => Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
  }
}

/** A drag across the plot of one chart, from `a` to `b` (fractions of its width), with the real mouse. */
async function dragAcross(page: Page, testId: string, a: number, b: number): Promise<void> {
  const plot = page.getByTestId(testId).locator('.recharts-cartesian-grid');
  const box = (await plot.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((a + b) / 2), y, { steps: 5 });
  // The dragged span is drawn while the button is held.
  await expect(page.getByTestId(testId).locator('[data-zooming="true"]')).toBeVisible();
  await page.mouse.move(box.x + box.width * b, y, { steps: 5 });
  await page.mouse.up();
}

test('a range in the URL is shown; dragging across a chart zooms every chart and the URL; reset returns', async ({ page, app }) => {
  // 30 s of it is the wait for samples below.
  test.setTimeout(180_000);
  const start = Date.now();
  // 30 s of 250 ms samples, so a zoom inside them has data across it.
  await page.waitForTimeout(30_000);
  const from = start + 2_000;
  const to = start + 28_000;
  await page.goto(`${app.url}/?target=default&from=${from}&to=${to}`);
  const section = page.getByTestId('history-section');
  await expect(section).toHaveAttribute('data-range', 'absolute');
  await expect(page.getByTestId('range-notice')).toHaveCount(0);
  await expectChartsShow(page, from, to);
  // A fixed range is not "live", and no preset is pressed.
  await expect(page.getByTestId('live-follow')).toBeDisabled();
  for (const preset of ['5m', '1h', '6h', '24h']) await expect(page.getByTestId(`range-${preset}`)).toHaveAttribute('aria-pressed', 'false');
  const historyLength = await page.evaluate(() => window.history.length);

  // Drag on the memory chart from 20 % to 80 % of its plot: every chart follows.
  const reply = page.waitForResponse((r) => r.url().includes('/history?') && !r.url().includes(`from=${from}&`));
  await dragAcross(page, 'chart-memory', 0.2, 0.8);
  await expect.poll(() => urlRange(page)?.from).not.toBe(from);
  const zoomed = urlRange(page)!;
  const span = to - from;
  // The times under the pointer, to a pixel or two (26 s over ~600 px is ~45 ms a pixel).
  expect(Math.abs(zoomed.from - (from + 0.2 * span))).toBeLessThan(500);
  expect(Math.abs(zoomed.to - (from + 0.8 * span))).toBeLessThan(500);
  expect(new URL(page.url()).searchParams.get('target')).toBe('default');
  const body = await (await reply).json();
  expect(body.from).toBe(zoomed.from);
  expect(body.to).toBe(zoomed.to);
  await expectChartsShow(page, zoomed.from, zoomed.to);
  await expect(section).toHaveAttribute('data-from', String(zoomed.from));
  await expect(page.getByTestId('range-shown')).toBeVisible();
  // A click (no drag) is not a zoom.
  const box = (await page.getByTestId('chart-ratios').locator('.recharts-cartesian-grid').boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForTimeout(500);
  expect(urlRange(page)).toEqual(zoomed);

  // Reset: back to the live view, the URL without a range.
  await page.getByTestId('range-reset').click();
  await expect(section).toHaveAttribute('data-range', '5m');
  await expect.poll(() => page.url()).toBe(`${app.url}/?target=default`);
  await expect(page.getByTestId('range-5m')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Number(await page.getByTestId('chart-ratios').getAttribute('data-to'))).toBeGreaterThan(Date.now() - 10_000);
  // Presets go in the URL too, and none of this added a history entry (replace, not push).
  await page.getByTestId('range-1h').click();
  await expect.poll(() => page.url()).toBe(`${app.url}/?target=default&range=1h`);
  await expect(section).toHaveAttribute('data-range', '1h');
  expect(await page.evaluate(() => window.history.length)).toBe(historyLength);
  // ...and such a URL opens on its preset, the other params kept.
  await page.goto(`${app.url}/?target=default&view=overview&range=6h`);
  await expect(section).toHaveAttribute('data-range', '6h');
  await expect(page.getByTestId('range-6h')).toHaveAttribute('aria-pressed', 'true');
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('a finger dragged across a chart zooms it; a vertical swipe scrolls the page instead', async ({ page, app }) => {
    test.setTimeout(120_000);
    const start = Date.now();
    await page.waitForTimeout(20_000);
    const from = start + 2_000;
    const to = start + 18_000;
    await page.goto(`${app.url}/?target=default&from=${from}&to=${to}`);
    await expectChartsShow(page, from, to);
    const chart = page.getByTestId('chart-memory');
    await chart.scrollIntoViewIfNeeded();
    const box = (await chart.locator('.recharts-cartesian-grid').boundingBox())!;
    const y = box.y + box.height / 2;
    // Real touch input through the DevTools protocol: Chromium makes pointer events of it and
    // applies the plot's touch-action, as it would for a finger.
    const cdp = await page.context().newCDPSession(page);
    const touch = async (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number, yy = y) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: yy }] });
    const swipe = async (points: Array<[number, number]>) => {
      await touch('touchStart', points[0]![0], points[0]![1]);
      for (const [x, yy] of points.slice(1)) {
        await touch('touchMove', x, yy);
        await page.waitForTimeout(30);
      }
      await touch('touchEnd', 0);
    };
    const at = (share: number) => box.x + box.width * share;
    // 80 % of the 16 s shown: a zoom has to span 10 s at least.
    await swipe([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((share) => [at(share), y]));
    await expect.poll(() => urlRange(page)?.from).not.toBe(from);
    const zoomed = urlRange(page)!;
    const span = to - from;
    // A finger is coarser than a mouse: within 1.5 s of the times under it (16 s over ~220 px).
    expect(Math.abs(zoomed.from - (from + 0.1 * span))).toBeLessThan(1500);
    expect(Math.abs(zoomed.to - (from + 0.9 * span))).toBeLessThan(1500);
    await expectChartsShow(page, zoomed.from, zoomed.to);
    // Up the screen over the same chart: the page scrolls, and the range stays.
    const scrolled = await page.evaluate(() => window.scrollY);
    await swipe([0, 1, 2, 3, 4, 5, 6].map((k) => [at(0.5), y + 60 - k * 20]));
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(scrolled);
    expect(urlRange(page)).toEqual(zoomed);
  });
});

test('bad ranges in the URL fall back to the default with a notice', async ({ page, app }) => {
  // Four page loads.
  test.setTimeout(180_000);
  const now = Date.now();
  for (const query of ['range=2d', 'from=yesterday&to=now', `from=${now}&to=${now - 3_600_000}`, `from=${now - 60_000}`]) {
    await page.goto(`${app.url}/?target=default&${query}`);
    const section = page.getByTestId('history-section');
    await expect(section).toHaveAttribute('data-range', '5m');
    await expect(page.getByTestId('range-notice'), query).toContainText('Showing the last 5 minutes instead.');
    await expect.poll(async () => Number(await page.getByTestId('chart-ratios').getAttribute('data-points'))).toBeGreaterThan(0);
  }
  await expect(page.getByTestId('range-notice')).toContainText('is not a time');
});

test('the absolute picker works in the viewer’s time zone and refuses a range it cannot show', async ({ page, app }) => {
  const start = Date.now();
  await page.waitForTimeout(15_000);
  await page.goto(`${app.url}/?target=default`);
  const section = page.getByTestId('history-section');
  await expect(section).toHaveAttribute('data-range', '5m');
  await page.getByTestId('range-absolute-toggle').click();
  const form = page.getByTestId('range-absolute');
  // Chromium's ICU names this zone by its older alias.
  await expect(form).toContainText(/\(Asia\/(Kolkata|Calcutta)\)/);
  // Opened on the range shown: 5 minutes ending about now, in the viewer's zone.
  const shownTo = DateTime.fromFormat(await page.getByTestId('range-to').inputValue(), "yyyy-LL-dd'T'HH:mm:ss", { zone: ZONE }).toMillis();
  expect(Math.abs(shownTo - Date.now())).toBeLessThan(30_000);

  // "From" after "to": refused, nothing changes.
  const a = Math.ceil((start + 3_000) / 1000) * 1000;
  const b = a + 10_000;
  await page.getByTestId('range-from').fill(localInput(b));
  await page.getByTestId('range-to').fill(localInput(a));
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-error')).toHaveText('“From” must be before “to”.');
  await expect(section).toHaveAttribute('data-range', '5m');
  expect(urlRange(page)).toBeNull();
  // Before the history starts (the app began polling at about `start`): refused with where it starts.
  await page.getByTestId('range-from').fill(localInput(start - 3_600_000));
  await page.getByTestId('range-to').fill(localInput(b));
  await page.getByTestId('range-apply').click();
  await expect(page.getByTestId('range-error')).toContainText('The history starts at');
  await expect(section).toHaveAttribute('data-range', '5m');
  // The open form with its error, the drag hint and the charts pass axe (accessibility.spec.ts scans the closed page).
  const axe = await new AxeBuilder({ page })
    .include('[data-testid="history-section"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect(urlRange(page)).toBeNull();

  // A good range: applied, in the URL, drawn.
  await page.getByTestId('range-from').fill(localInput(a));
  await page.getByTestId('range-to').fill(localInput(b));
  await page.getByTestId('range-apply').click();
  await expect(section).toHaveAttribute('data-range', 'absolute');
  await expect.poll(() => urlRange(page)).toEqual({ from: a, to: b });
  await expectChartsShow(page, a, b);
});

test('a restart of the server is marked on the charts and opens the charts zoomed on it', async ({ page, app, redis }) => {
  await page.goto(`${app.url}/?target=default`);
  await expect.poll(async () => Number(await page.getByTestId('chart-ratios').getAttribute('data-points'))).toBeGreaterThan(3);
  const before = (await (await fetch(`${app.url}/api/targets/default/snapshot`)).json()) as { server: { runId: string } };
  expect(before.server.runId).toMatch(/^[0-9a-f]{40}$/);
  const killedAt = Date.now();
  await redis.kill();
  let again: RedisProcess | null = null;
  try {
    await page.waitForTimeout(1_000);
    again = await startRedis({ port: redis.port });
    const restart = page.locator('[data-testid="chart-annotation"][data-kind="restart"]');
    await expect(restart).toHaveCount(1, { timeout: 20_000 });
    await expect(restart).toContainText('server restarted (new run_id)');
    // Checked against the server itself: the poller now sees the new process's run_id.
    const client = new Redis(again.url);
    const runId = /^run_id:(\w+)/m.exec(await client.info('server'))?.[1];
    client.disconnect();
    expect(runId).not.toBe(before.server.runId);
    const snapshot = async () => (await (await fetch(`${app.url}/api/targets/default/snapshot`)).json()) as { server: { runId: string | null } };
    await expect.poll(async () => (await snapshot()).server.runId).toBe(runId);
    // Marked on every chart as a line.
    // (The memory chart has no threshold line: its one reference line is the restart.)
    await expect(page.getByTestId('chart-memory').locator('.recharts-reference-line')).toHaveCount(1);
    await expect(page.getByTestId('chart-memory')).toContainText('↻ restart');
    await restart.getByRole('link').click();
    await expect(page.getByTestId('history-section')).toHaveAttribute('data-range', 'absolute');
    const range = urlRange(page)!;
    expect(range.from).toBeLessThan(killedAt);
    expect(range.to).toBeGreaterThan(killedAt);
    await expect(page.getByTestId('chart-annotation').and(page.locator('[data-kind="restart"]'))).toHaveCount(1);
  } finally {
    await again?.kill();
  }
});

test('the gauge labels its scale and says when the ratio is beyond it', async ({ page, app, direct }) => {
  // An empty server is a real case of a ratio far above 3: ~12 MB RSS over ~1 MB used.
  expect(Number(await infoField(direct, 'mem_fragmentation_ratio'))).toBeGreaterThan(3);
  await page.goto(`${app.url}/?target=default`);
  const ratio = (await page.getByTestId('gauge-rss-ratio').textContent())!;
  expect(Number(ratio)).toBeGreaterThan(3);
  await expect(page.getByTestId('gauge-overflow')).toHaveText(/^▲ \d+\.\d\d beyond scale$/);
  await expect(page.getByTestId('gauge-overflow')).toHaveAttribute('data-side', 'above');
  await expect(page.getByTestId('rss-gauge').locator('text')).toHaveText(['0.5', '1.0', '1.5', '2.0', '3.0']);
});
