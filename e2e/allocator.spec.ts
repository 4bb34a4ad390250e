import { expect, test } from './support/lab-fixture';
import { startAggressiveDefrag } from '../scripts/harness/defrag-run';

const mib = (text: string | null) => {
  const m = /([\d.]+) (K|M|G)i?B/.exec(text ?? '');
  return m ? Number(m[1]) * { K: 1 / 1024, M: 1, G: 1024 }[m[2] as 'K' | 'M' | 'G'] : Number.NaN;
};

test('allocator anatomy: the waste by size class on a fragmented lab server, gone from those bins after a defrag run', async ({ page, lab }) => {
  // A 1M-key run ends on a long tail at 1-2 % effort (Redis 7.0 lowers it per pass): minutes, not seconds.
  test.setTimeout(300_000);
  const { direct, app } = lab;
  await page.goto(`${app.url}/allocator?target=default`);
  await page.getByTestId('allocator-read').click();
  const reconciliation = page.getByTestId('allocator-reconciliation');
  await expect(reconciliation).toContainText('Small-bin waste');
  // The lab build is Redis 7.0: INFO counts active - allocated there, and the view says so.
  await expect(reconciliation).toContainText('allocator_active − allocator_allocated');
  await expect(page.getByTestId('allocator-waste-chart').locator('.recharts-bar-rectangle').first()).toBeVisible();
  const before = mib(await page.getByTestId('allocator-reclaimable').locator('tr').first().textContent());
  expect(before).toBeGreaterThan(50);
  await expect(page.getByTestId('allocator-bins').locator('tbody tr')).not.toHaveCount(0);
  // `FRAGSCOPE_SCREENSHOTS=1` rewrites the README's picture of the fragmented server's anatomy.
  if (process.env.FRAGSCOPE_SCREENSHOTS) {
    await page.setViewportSize({ width: 1440, height: 1400 });
    await page.screenshot({ path: 'public/screenshots/allocator-anatomy.png' });
  }

  await startAggressiveDefrag(direct);
  await expect.poll(async () => Number(/active_defrag_running:(\d+)/.exec(await direct.info('memory'))![1]), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(async () => Number(/active_defrag_running:(\d+)/.exec(await direct.info('memory'))![1]), { timeout: 240_000 }).toBe(0);
  // One read per 10 s serves every viewer: wait that out so the second read is a new one.
  await page.waitForTimeout(10_500);
  await page.getByTestId('allocator-read').click();
  const comparison = page.getByTestId('allocator-comparison');
  await expect(comparison).toBeVisible();
  const after = mib(await page.getByTestId('allocator-reclaimable').locator('tr').first().textContent());
  expect(after).toBeLessThan(before / 4);
  // The largest change is a bin that held waste before and holds (almost) none now.
  const first = (await comparison.locator('li').first().textContent()) ?? '';
  const [was, now] = first.split(':')[1]!.split('→').map(mib);
  expect(was).toBeGreaterThan(now! * 4);
  await page.screenshot({ path: 'e2e/.artifacts/allocator.png', fullPage: true });
});
