import { expect, type Page } from '@playwright/test';

type View = 'overview' | 'decision' | 'config' | 'windows' | 'baselines' | 'audit';

/** Opens one of the target console's views through its tab, as an operator would, and waits for its URL. */
export async function openView(page: Page, view: View): Promise<void> {
  await page.getByTestId(`view-tab-${view}`).click();
  await expect(page).toHaveURL(view === 'overview' ? /^[^?]*(\?(?!.*view=).*)?$/ : new RegExp(`[?&]view=${view}(&|$)`));
  await expect(page.getByTestId(`view-tab-${view}`)).toHaveAttribute('aria-current', 'page');
}
