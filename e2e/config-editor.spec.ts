import type { Page } from '@playwright/test';
import type Redis from 'ioredis';
import { startApp } from '../scripts/harness/app-process';
import { test as base, expect, POLL_MS } from './support/fixtures';
import { openView } from './support/views';

/**
 * The runtime-config editor, audit log and schedule against Debian's redis-server 7.0.15, whose
 * build cannot defragment: Redis itself refuses `activedefrag yes`, which is what (c) and (f) show.
 */

const TOKEN = 'e2e-admin-token-0123456789abcdef';

const test = base.extend<{ adminToken: string | null }>({
  adminToken: [TOKEN, { option: true }],
  app: async ({ redis, adminToken }, use) => {
    // Explicitly empty when null: the runner's own environment must not switch writes on.
    const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: adminToken ?? '' });
    await use(app);
    await app.kill();
  },
});

async function configGet(direct: Redis, param: string): Promise<string | undefined> {
  const reply = (await direct.call('CONFIG', 'GET', param)) as string[];
  return reply[1];
}

async function signIn(page: Page): Promise<void> {
  await page.getByTestId('sign-in-token').fill(TOKEN);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('signed-in-as')).toContainText('signed in as admin');
  await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'true');
}

test.describe('config editor, signed in', () => {
  test('(a) low-latency preset: diff, prediction, apply, read-back, audit', async ({ page, app, direct }) => {
    await page.goto(app.url);
    await openView(page, 'config');
    // Writes are enabled but nobody is signed in yet: read-only, with the reason.
    await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'false');
    await expect(page.getByTestId('config-readonly-reason')).toContainText('sign in with the admin token');

    // A wrong token is refused, and the field never keeps what was typed.
    await page.getByTestId('sign-in-token').fill('not-the-token-at-all');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in-error')).toContainText('not the admin token');
    await expect(page.getByTestId('sign-in-token')).toHaveValue('');

    await signIn(page);
    await expect(page.getByTestId('config-readonly-reason')).toHaveCount(0);
    // The session lives in an httpOnly cookie: no script can read it, and the token is nowhere in the page.
    expect(await page.evaluate(() => document.cookie)).not.toContain('fragscope_session');
    expect(await page.content()).not.toContain(TOKEN);

    await expect(page.getByTestId('config-current-active-defrag-cycle-max')).toHaveText('25');
    await expect(page.getByTestId('config-input-active-defrag-ignore-bytes')).toHaveValue('100mb');
    await page.getByTestId('config-preset').selectOption('low-latency');
    const cycleMax = page.getByTestId('config-diff-active-defrag-cycle-max');
    await expect(cycleMax.getByTestId('config-diff-before')).toHaveText('25 %');
    await expect(cycleMax.getByTestId('config-diff-after')).toHaveText('10 %');
    await expect(page.getByTestId('config-diff-active-defrag-max-scan-fields')).toContainText('500');
    await expect(page.getByTestId('config-predicted').getByTestId('decision-tree')).toBeVisible();
    await expect(page.getByTestId('config-predicted').getByTestId('decision-verdict')).toBeVisible();
    // Lowering cycle-max costs no CPU: no name to type.
    await expect(page.getByTestId('config-confirm-name')).toHaveCount(0);
    // Debian's test server runs without a config file.
    await expect(page.getByTestId('config-rewrite-warning')).toBeVisible();

    await page.getByTestId('config-apply').click();
    const result = page.getByTestId('config-result');
    await expect(result.getByTestId('config-result-active-defrag-cycle-max').getByTestId('config-result-value')).toHaveText('10 %');
    await expect(result.getByTestId('config-result-active-defrag-max-scan-fields').getByTestId('config-result-value')).toHaveText('500');
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('10');
    expect(await configGet(direct, 'active-defrag-max-scan-fields')).toBe('500');
    // The editor re-reads the server: the new values are now the current ones.
    await expect(page.getByTestId('config-current-active-defrag-cycle-max')).toHaveText('10');
    await expect(page.getByTestId('config-diff')).toHaveCount(0);

    const auditId = (await result.getByTestId('config-result-audit').textContent()) ?? '';
    await openView(page, 'audit');
    const entry = page.getByTestId('audit-entry').first();
    await expect(entry).toHaveAttribute('data-audit-id', auditId);
    await expect(entry).toHaveAttribute('data-result', 'applied');
    await expect(entry.getByTestId('audit-actor')).toHaveText('admin');
    await expect(entry.getByTestId('audit-result')).toHaveText('✓ applied');
    await expect(entry.getByTestId('audit-change-active-defrag-cycle-max')).toContainText(/25 %\s*→\s*10 %/);
    await page.screenshot({ path: 'e2e/.artifacts/config-editor-applied.png', fullPage: true });

    // Signing out makes the editor read-only again; the audit entry stays, without its revert button.
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('sign-in-token')).toBeVisible();
    await expect(entry.getByTestId('audit-revert')).toHaveCount(0);
    await openView(page, 'config');
    await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'false');
    await expect(page.getByTestId('config-apply')).toHaveCount(0);
  });

  test('(b) raising effort (carried from what-if) needs the target name typed', async ({ page, app, direct }) => {
    await page.goto(app.url);
    await openView(page, 'config');
    await signIn(page);
    // The what-if panel (decision view) hands its values to the editor, and opens it.
    await openView(page, 'decision');
    await page.getByTestId('what-if-input-active-defrag-cycle-max').fill('50');
    await page.getByTestId('what-if-carry').click();
    await expect(page).toHaveURL(/[?&]view=config/);
    await expect(page.getByTestId('config-input-active-defrag-cycle-max')).toHaveValue('50');
    await expect(page.getByTestId('config-diff-active-defrag-cycle-max')).toContainText('50 %');

    const apply = page.getByTestId('config-apply');
    const name = page.getByTestId('config-confirm-name');
    await expect(page.getByTestId('config-confirm-name-reasons')).toContainText('cycle-max rises from 25 % to 50 %');
    await expect(apply).toBeDisabled();
    await name.fill('defaul');
    await expect(apply).toBeDisabled();
    await name.fill('Default');
    await expect(apply).toBeDisabled();
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
    await name.fill('default');
    await expect(apply).toBeEnabled();
    // Asking to persist on a server without a config file: the change lands, the rewrite fails in Redis's words.
    await page.getByTestId('config-rewrite').check();
    await apply.click();
    await expect(page.getByTestId('config-result-active-defrag-cycle-max')).toContainText('50 %');
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('50');
    const rewrite = page.getByTestId('config-rewrite-result');
    await expect(rewrite).toHaveAttribute('data-ok', 'false');
    await expect(rewrite).toContainText('The server is running without a config file');
  });

  test("(c) enabling defrag on a build that cannot: Redis's refusal verbatim, nothing changed, audited", async ({ page, app, direct }) => {
    // What Redis says to anyone who asks, straight from the server.
    const redisText = await direct.call('CONFIG', 'SET', 'activedefrag', 'yes').then(
      () => 'accepted?!',
      (error: Error) => error.message,
    );
    expect(redisText).toContain('Active defragmentation cannot be enabled');

    await page.goto(app.url);
    await openView(page, 'config');
    await signIn(page);
    await page.getByTestId('config-input-activedefrag').selectOption('yes');
    await page.getByTestId('config-input-active-defrag-cycle-min').fill('5');
    await expect(page.getByTestId('config-confirm-name-reasons')).toContainText('activedefrag turns on');
    await page.getByTestId('config-confirm-name').fill('default');
    await page.getByTestId('config-apply').click();

    const error = page.getByTestId('config-error');
    await expect(error).toHaveAttribute('data-status', '502');
    await expect(error).toContainText('Redis refused the change');
    await expect(page.getByTestId('config-error-message')).toHaveText(redisText);
    // One atomic CONFIG SET: cycle-min did not change either.
    expect(await configGet(direct, 'activedefrag')).toBe('no');
    expect(await configGet(direct, 'active-defrag-cycle-min')).toBe('1');

    await openView(page, 'audit');
    const entry = page.getByTestId('audit-entry').first();
    await expect(entry).toHaveAttribute('data-result', 'refused');
    await expect(entry.getByTestId('audit-result')).toHaveText('✗ refused');
    await expect(entry.getByTestId('audit-error')).toHaveText(redisText);
    await expect(entry.getByTestId('audit-revert')).toHaveCount(0);
  });

  test('(e) revert from the audit view restores the previous values, guarded by the name', async ({ page, app, direct }) => {
    await page.goto(app.url);
    await openView(page, 'config');
    await signIn(page);
    await page.getByTestId('config-preset').selectOption('low-latency');
    await page.getByTestId('config-apply').click();
    await expect(page.getByTestId('config-result')).toBeVisible();
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('10');
    await openView(page, 'audit');

    const applied = page.getByTestId('audit-entry').first();
    await expect(applied).toHaveAttribute('data-action', 'config-set');
    const appliedId = (await applied.getAttribute('data-audit-id')) ?? '';
    await applied.getByTestId('audit-revert').click();
    // Back to 25 % and 1000 fields raises effort: the name again.
    const confirm = applied.getByTestId('audit-revert-confirm');
    await expect(applied.getByTestId('audit-revert-confirm-name-reasons')).toContainText('cycle-max rises from 10 % to 25 %');
    await expect(confirm).toBeDisabled();
    await applied.getByTestId('audit-revert-confirm-name').fill('default');
    await confirm.click();

    await expect(page.getByTestId('audit-revert-result')).toContainText('25 %');
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
    expect(await configGet(direct, 'active-defrag-max-scan-fields')).toBe('1000');
    const revert = page.getByTestId('audit-entry').first();
    await expect(revert).toHaveAttribute('data-action', 'revert');
    await expect(revert).toHaveAttribute('data-result', 'applied');
    await expect(revert).toContainText(`reverts ${appliedId}`);
    // The list came back with the entry reverted (no revert button any more): the outcome stays.
    const reverted = page.locator(`[data-testid="audit-entry"][data-audit-id="${appliedId}"]`);
    await expect(reverted.getByTestId('audit-reverted-by')).toBeVisible();
    await expect(reverted.getByTestId('audit-revert')).toHaveCount(0);
    await expect(reverted.getByTestId('audit-revert-result')).toContainText('25 %');
    await openView(page, 'config');
    await expect(page.getByTestId('config-current-active-defrag-cycle-max')).toHaveText('25');
  });

  test('(f) run now for 1 minute lists the window; the refused start is audited; overlaps are refused', async ({ page, app, direct }) => {
    await page.goto(app.url);
    await openView(page, 'config');
    await signIn(page);
    await openView(page, 'windows');
    const view = page.getByTestId('windows-view');
    await expect(view).toHaveAttribute('data-writable', 'true');
    await page.getByTestId('window-run-now-minutes').fill('1');
    await page.getByTestId('window-run-now-preset').selectOption('large-keys');
    await page.getByTestId('window-run-now').click();

    const row = page.getByTestId('window-row');
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('window-description')).toContainText('Once');
    await expect(row.getByTestId('window-preset')).toHaveText('Large keys');
    await expect(row.getByTestId('window-next')).toBeVisible();
    await expect(page.getByTestId('windows-error')).toHaveCount(0);

    // The scheduler tried at once: this build refuses activedefrag yes, so nothing changed.
    await openView(page, 'audit');
    const start = page.locator('[data-testid="audit-entry"][data-action="window-start"]');
    await expect(start).toHaveAttribute('data-result', 'refused');
    await expect(start.getByTestId('audit-actor')).toHaveText('scheduler');
    await expect(start.getByTestId('audit-error')).toContainText('Active defragmentation cannot be enabled');
    await expect(page.locator('[data-testid="audit-entry"][data-action="window-created"]')).toHaveAttribute('data-result', 'applied');
    expect(await configGet(direct, 'activedefrag')).toBe('no');
    expect(await configGet(direct, 'active-defrag-max-scan-fields')).toBe('1000');
    await openView(page, 'windows');
    // The row itself says why it is not running (the schedule refreshes every 10 s).
    await expect(row.getByTestId('window-last-start')).toHaveAttribute('data-result', 'refused', { timeout: 15_000 });
    await expect(row.getByTestId('window-last-start')).toContainText('Active defragmentation cannot be enabled');

    // A second window over the same minute is refused with the server's reason.
    await page.getByTestId('window-run-now').click();
    await expect(page.getByTestId('windows-error')).toHaveAttribute('data-status', '409');
    await expect(page.getByTestId('windows-error-message')).toContainText('overlaps the window');
    await expect(row).toHaveCount(1);

    // Delete it: the schedule is empty again.
    await row.getByTestId('window-delete').click();
    await expect(row).toHaveCount(0);
    await page.screenshot({ path: 'e2e/.artifacts/config-windows.png', fullPage: true });
  });
});

test.describe('without an admin token', () => {
  test.use({ adminToken: null });

  test('(d) the editor is read-only with the reason; values, audit and schedule stay visible', async ({ page, app }) => {
    await page.goto(app.url);
    await openView(page, 'config');
    await expect(page.getByTestId('session-readonly')).toContainText('read-only (no admin token configured)');
    await expect(page.getByTestId('sign-in-token')).toHaveCount(0);

    const editor = page.getByTestId('config-editor');
    await expect(editor).toHaveAttribute('data-writable', 'false');
    await expect(page.getByTestId('config-readonly-reason')).toContainText('FRAGSCOPE_ADMIN_TOKEN');
    await expect(page.getByTestId('config-current-active-defrag-cycle-max')).toHaveText('25');
    await expect(page.getByTestId('config-current-active-defrag-ignore-bytes')).toHaveText('100mb');
    await expect(page.getByTestId('config-current-activedefrag')).toHaveText('no');
    await expect(page.getByTestId('config-input-active-defrag-cycle-max')).toBeDisabled();
    await expect(page.getByTestId('config-preset')).toBeDisabled();
    await expect(page.getByTestId('config-apply')).toHaveCount(0);

    await openView(page, 'audit');
    await expect(page.getByTestId('audit-view')).toBeVisible();
    await openView(page, 'windows');
    await expect(page.getByTestId('windows-view')).toBeVisible();
    await expect(page.getByTestId('windows-readonly-reason')).toContainText('FRAGSCOPE_ADMIN_TOKEN');
    await expect(page.getByTestId('window-run-now')).toHaveCount(0);

    // The API agrees: a write without a session is refused.
    const response = await page.request.post(`${app.url}/api/targets/default/config`, { data: { changes: { 'active-defrag-cycle-max': '10' } } });
    expect(response.status()).toBe(401);
  });
});
