import { expect, type Page } from '@playwright/test';

type View = 'overview' | 'decision' | 'config' | 'windows' | 'baselines' | 'audit';

/**
 * Opens one of the target console's views through its tab, as an operator would, and waits for its
 * URL. A click that lands while the page is still hydrating can be lost on a loaded machine, so the
 * click is repeated (bounded) until the URL says the view changed; each try waits long enough for a
 * slow server's answer, since a new click would cancel the navigation under way.
 */
export async function openView(page: Page, view: View): Promise<void> {
  const url = view === 'overview' ? /^[^?]*(\?(?!.*view=).*)?$/ : new RegExp(`[?&]view=${view}(&|$)`);
  await expect(async () => {
    await page.getByTestId(`view-tab-${view}`).click();
    await expect(page).toHaveURL(url, { timeout: 15_000 });
  }).toPass({ timeout: 45_000 });
  await expect(page.getByTestId(`view-tab-${view}`)).toHaveAttribute('aria-current', 'page');
}
