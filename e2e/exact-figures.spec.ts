import { expect, test } from './support/lab-fixture';
import { startAggressiveDefrag } from '../scripts/harness/defrag-run';
import { openView } from './support/views';
import { formatPercent } from '../lib/format';

/**
 * Issue #14's Redis-logic part on screen, on Redis 8.0.2 (Debian trixie's version): the known
 * defects of that version with their references, the fragmentation percent computed the server's
 * way (small-bin waste over allocated minus the Lua arena from INFO debug, in C float), and the pass
 * timeline of a real run with Redis 8's per-pass `current_active_defrag_time`.
 */
test.use({ labEngine: 'redis-8.0' });

const f = Math.fround;

test('redis 8.0.2: known defects with references, the exact percent, and a pass timeline', async ({ page, lab }) => {
  const { direct, app } = lab;
  // The percent from the server's own figures, the server's formula (8.0.2 defrag.c:951).
  const serverPct = async () => {
    const text = String(await direct.call('INFO', 'memory', 'debug'));
    const field = (name: string) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(text)![1]);
    return f(f(f(field('allocator_frag_bytes')) / f(field('allocator_allocated') - field('allocator_allocated_lua'))) * 100);
  };

  // The very first sample precedes INFO server (the version), so it cannot ask for INFO debug yet.
  // Right after the lab's fragmenting the allocator is still settling, so the dashboard's sample and
  // our read may be a moment apart: poll until two reads a moment apart agree within a few KB.
  await expect
    .poll(
      async () => {
        const decision = (await (await page.request.get(`${app.url}/api/targets/default/decision`)).json()) as { fragPctExact: boolean; fragPct: number };
        if (!decision.fragPctExact) return Number.POSITIVE_INFINITY;
        return Math.abs(decision.fragPct - (await serverPct()));
      },
      { timeout: 20_000 },
    )
    .toBeLessThan(0.05);

  // The gauge states the decision's percent (from the byte figures), not one from the two-decimal ratio.
  await page.goto(app.url);
  await expect
    .poll(
      async () => {
        const decision = (await (await page.request.get(`${app.url}/api/targets/default/decision`)).json()) as { fragPct: number };
        return (await page.getByTestId('gauge-allocator-pct').textContent()) === formatPercent(decision.fragPct);
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  // The diagnoses are in the decision view; the pass timeline under the charts of the overview.
  await page.goto(`${app.url}/?view=decision`);
  const defect = page.getByTestId('diagnosis-defect-redis-14092');
  await expect(defect).toBeVisible({ timeout: 15_000 });
  await expect(defect).toContainText('never defragmented');
  await expect(page.getByTestId('diagnosis-defect-redis-14092-reference')).toHaveText('redis#14092');
  await expect(page.getByTestId('diagnosis-defect-redis-14092-reference')).toHaveAttribute('href', 'https://github.com/redis/redis/issues/14092');
  await expect(page.getByTestId('diagnosis-defect-redis-14319-reference')).toHaveText('redis#14319');

  await startAggressiveDefrag(direct);
  await openView(page, 'overview');
  const timeline = page.getByTestId('pass-timeline');
  await expect(timeline.getByTestId('pass-1')).toBeVisible({ timeout: 30_000 });
  await expect(timeline).toContainText('One row per pass');
  await expect(timeline.getByTestId('pass-1')).toContainText('75%');
  await page.waitForTimeout(1500);
  await page.getByTestId('history-section').screenshot({ path: 'e2e/.artifacts/pass-timeline.png' });
  await direct.call('CONFIG', 'SET', 'activedefrag', 'no');
});
