import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { expect, POLL_MS, test as base, waitForSample } from './support/fixtures';

/**
 * axe-core over every page, signed out and signed in, light and dark: no serious or critical
 * violation. Debian's redis-server is enough: what is scanned is the markup, not the figures.
 */

const TOKEN = 'e2e-axe-token-0123456789abcdef';

const test = base.extend<{ app: AppProcess }>({
  app: async ({ redis }, use) => {
    const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
    await use(app);
    await app.kill();
  },
});

const PAGES = [
  '/',
  // A link with a range it cannot show: the notice above the charts.
  '/?target=default&range=bad',
  '/?target=default&view=decision',
  '/?target=default&view=config',
  '/?target=default&view=windows',
  '/?target=default&view=baselines',
  '/?target=default&view=audit',
  '/fleet',
  '/fleet?sort=name&dir=desc',
  '/alerts',
  '/compare?target=default',
  '/no/such/page',
];

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

for (const scheme of ['light', 'dark'] as const) {
  for (const signedIn of [false, true]) {
    test(`axe: every page, ${signedIn ? 'signed in' : 'signed out'}, ${scheme}`, async ({ page, app }) => {
      test.setTimeout(300_000);
      await page.emulateMedia({ colorScheme: scheme });
      if (signedIn) {
        await page.goto(`${app.url}/?target=default&view=config`);
        await page.getByTestId('sign-in-token').fill(TOKEN);
        await page.getByTestId('sign-in-submit').click();
        await expect(page.getByTestId('signed-in-as')).toBeVisible();
      }
      const found: string[] = [];
      for (const path of PAGES) {
        await page.goto(`${app.url}${path}`);
        await expect(page.getByTestId('app-header')).toBeVisible();
        // The panels' first fetches (the stream never lets the network go idle).
        await page.waitForTimeout(500);
        const violations = await seriousViolations(page);
        // Printed as it goes, so a slow run still tells what it found.
        for (const v of violations) console.log(`axe ${scheme} ${path}: ${v}`);
        found.push(...violations.map((v) => `${path}: ${v}`));
      }
      expect(found).toEqual([]);
    });
  }
}
