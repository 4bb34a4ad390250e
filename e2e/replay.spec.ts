import { expect, test } from './support/lab-fixture';

/**
 * The threshold replay in the decision view: on a fragmented lab server whose activedefrag is
 * off, the recorded history replayed with activedefrag on and lower thresholds shows a span where
 * defrag would have started, while it never actually ran.
 */
test('replay: candidate thresholds would have started defrag where it never ran', async ({ page, lab }) => {
  // Some history of the fragmented, idle server (the app polls every 250 ms).
  await page.waitForTimeout(3000);
  // The view's bookmarkable URL (the tabs have their own specs).
  await page.goto(`${lab.app.url}/?target=default&view=decision`);
  const panel = page.getByTestId('replay-panel');
  await expect(panel).toBeVisible();
  // With the server's own values (activedefrag no): never.
  await page.getByTestId('replay-run').click();
  await expect(page.getByTestId('replay-none')).toBeVisible();

  await page.getByTestId('what-if-input-activedefrag').selectOption('yes');
  await page.getByTestId('what-if-input-active-defrag-ignore-bytes').fill('1mb');
  await page.getByTestId('what-if-input-active-defrag-threshold-lower').fill('5');
  await page.getByTestId('replay-run').click();
  // One span, or more where a missed poll (a gap in the samples) cut it: each says so.
  await expect(page.getByTestId('replay-span').first()).toContainText('starting at 25% CPU');
  const spans = await page.getByTestId('replay-span').count();
  expect(spans).toBeGreaterThanOrEqual(1);
  if (spans > 1) await expect(page.getByTestId('replay-span').first()).toContainText('until a gap in the samples');
  await expect(page.getByTestId('replay-actual-span')).toHaveCount(0);
  await expect(page.getByTestId('replay-chart')).toHaveAttribute('data-spans', String(spans));
  // The bands are drawn on the chart.
  await expect(page.getByTestId('replay-effort-chart').locator('.recharts-reference-area')).toHaveCount(spans);
  expect(Number(await lab.direct.info('memory').then((t) => /active_defrag_running:(\d+)/.exec(t)![1]))).toBe(0);
  await page.screenshot({ path: 'e2e/.artifacts/replay.png', fullPage: true });
});
