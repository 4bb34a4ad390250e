import { expect, test } from './support/lab-fixture';

test('progress charts: live data, a detected defrag run with its progress, and range switching', async ({ page, lab }) => {
  const { direct, app } = lab;
  await page.goto(app.url);
  const section = page.getByTestId('history-section');
  await expect(section).toHaveAttribute('data-range', '5m');
  for (const id of ['chart-ratios', 'chart-memory', 'chart-defrag-rates', 'chart-key-rates', 'chart-effort', 'chart-latency']) {
    await expect.poll(async () => Number(await page.getByTestId(id).getAttribute('data-points'))).toBeGreaterThan(3);
    // A drawn line (a flat zero line has no height, so "visible" is the wrong test).
    await expect(page.getByTestId(id).locator('.recharts-line-curve').first()).toHaveAttribute('d', /^M[\d.]+,[\d.]+L/);
  }
  // Every chart keeps up with the 250 ms polls, the last one (its redraw staggered 250 ms after the
  // sample) included: a stagger that restarted its timer on each sample never redrew it.
  const seen = new Map<string, Set<string | null>>();
  for (let i = 0; i < 30; i++) {
    for (const id of ['chart-ratios', 'chart-latency']) {
      const values = seen.get(id) ?? new Set();
      values.add(await page.getByTestId(id).getAttribute('data-points'));
      seen.set(id, values);
    }
    await page.waitForTimeout(100);
  }
  console.info([...seen].map(([id, v]) => `${id} ${v.size}`).join(', '));
  for (const [id, values] of seen) expect(values.size, `${id} redrew ${values.size} times in 3 s`).toBeGreaterThanOrEqual(5);

  await direct.call('CONFIG', 'SET', 'active-defrag-ignore-bytes', '1mb', 'active-defrag-threshold-lower', '5', 'activedefrag', 'yes');
  const progress = page.getByTestId('run-progress');
  await expect(progress).toHaveAttribute('data-state', 'running', { timeout: 15_000 });
  await expect.poll(async () => await page.getByTestId('run-reclaimed-rss').textContent(), { timeout: 20_000 }).toMatch(/^[1-9][\d.]* (KiB|MiB)$/);
  // Pass progress comes from the key counters against the key count (INFO keyspace).
  await expect(page.getByTestId('run-pass')).toHaveText(/^\d+: [\d.]+%$/, { timeout: 15_000 });
  // The detected run is an annotation too, linking to the charts zoomed on it.
  const runNote = page.locator('[data-testid="chart-annotation"][data-kind="defrag-run"]');
  await expect(runNote).toHaveCount(1, { timeout: 15_000 });
  await expect(runNote).toContainText(/defrag run: (still running|\d+ s|\d+ min \d+ s), peak effort \d+%/);
  await expect(runNote.getByRole('link')).toHaveAttribute('href', /^\/\?target=default&from=\d+&to=\d+$/);
  await page.waitForTimeout(2000);
  await section.screenshot({ path: 'e2e/.artifacts/defrag-progress.png' });

  // Longer ranges come from the history API, downsampled on the server.
  for (const range of ['1h', '24h', '5m'] as const) {
    const reply = range === '5m' ? null : page.waitForResponse((r) => r.url().includes('/history?') && r.url().includes('points=800'));
    await page.getByTestId(`range-${range}`).click();
    await expect(section).toHaveAttribute('data-range', range);
    if (reply) {
      const body = await (await reply).json();
      for (const values of Object.values(body.series) as unknown[][]) expect(values.length).toBeLessThanOrEqual(800);
    }
    await expect.poll(async () => Number(await page.getByTestId('chart-ratios').getAttribute('data-points'))).toBeGreaterThan(3);
  }
});
