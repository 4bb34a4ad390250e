import { expect, test } from './support/lab-fixture';
import { openView } from './support/views';

test('the tree shows the blocking condition, then the running path, and what-if changes nothing on Redis', async ({ page, lab }) => {
  const { direct, app } = lab;
  await page.goto(app.url);
  await openView(page, 'decision');

  // Defrag on, but ignore-bytes far above the ~117 MB of fragmentation: blocked at frag-bytes.
  await direct.call('CONFIG', 'SET', 'active-defrag-ignore-bytes', '10gb', 'activedefrag', 'yes');
  await expect(page.getByTestId('decision-verdict')).toHaveAttribute('data-verdict', 'will-not-run');
  const bytesNode = page.getByTestId('decision-node-frag-bytes');
  await expect(bytesNode).toHaveAttribute('data-state', 'fail');
  await expect(bytesNode).toHaveAttribute('data-blocking', 'true');
  await expect(page.getByTestId('decision-threshold-frag-bytes')).toHaveText('10 GiB');
  for (const id of ['enabled', 'supported', 'no-fork-child', 'frag-pct']) {
    await expect(page.getByTestId(`decision-node-${id}`)).toHaveAttribute('data-state', 'pass');
  }
  // The server agrees: nothing runs.
  expect(await direct.info('memory')).toMatch(/^active_defrag_running:0\r?$/m);

  // What-if: lowering ignore-bytes in the browser predicts a run, and sends nothing to Redis.
  await page.getByTestId('what-if-input-active-defrag-ignore-bytes').fill('1mb');
  await expect(page.getByTestId('what-if-active')).toBeVisible();
  await expect(page.getByTestId('decision-verdict')).toHaveAttribute('data-verdict', 'will-run');
  expect(await direct.call('CONFIG', 'GET', 'active-defrag-ignore-bytes')).toEqual(['active-defrag-ignore-bytes', String(10 * 1024 ** 3)]);
  await page.getByTestId('what-if-reset').click();
  await expect(page.getByTestId('decision-verdict')).toHaveAttribute('data-verdict', 'will-not-run');

  // Monitoring is off by default: the page says how to turn it on.
  await expect(page.getByTestId('diagnosis-latency-monitor-off')).toBeVisible();
  await direct.call('CONFIG', 'SET', 'latency-monitor-threshold', '1');

  // Lower ignore-bytes for real: the pass starts and the whole path is highlighted as passing.
  await direct.call('CONFIG', 'SET', 'active-defrag-ignore-bytes', '1mb');
  await expect(page.getByTestId('decision-verdict')).toHaveAttribute('data-verdict', 'running');
  for (const id of ['enabled', 'supported', 'no-fork-child', 'frag-pct', 'frag-bytes']) {
    await expect(page.getByTestId(`decision-node-${id}`)).toHaveAttribute('data-state', 'pass');
  }
  // The gauge panel (overview) says so too, and the decision view still has its diagnoses.
  await openView(page, 'overview');
  await expect(page.getByTestId('defrag-running')).toHaveAttribute('data-state', 'running');
  await openView(page, 'decision');
  // The server now records defrag cycles slower than 1 ms; the page reports them with advice.
  await expect(page.getByTestId('diagnosis-latency-defrag-cycle')).toContainText('Defrag cycles block the server for up to');
  await expect(page.getByTestId('diagnosis-latency-monitor-off')).toHaveCount(0);
  await page.screenshot({ path: 'e2e/.artifacts/decision-running.png', fullPage: true });
});
