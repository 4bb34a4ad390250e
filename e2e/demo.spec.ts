import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../scripts/harness/free-port';
import { expect, test } from './support/fixtures';
import { openView } from './support/views';

test('npm run demo: a fragmented lab server, the dashboard on it, and a working lab panel', async ({ page }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const demo = spawn('npm', ['run', 'demo'], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can stop npm, tsx, next and redis together
  });
  let output = '';
  demo.stdout.on('data', (d: Buffer) => (output += d.toString()));
  demo.stderr.on('data', (d: Buffer) => (output += d.toString()));
  try {
    await expect.poll(() => output, { timeout: 90_000 }).toContain('Fragscope is running: open');
    expect(output).toMatch(/demo: lab server redis-7\.0 .*active defrag is supported/);
    const url = /open (http:\/\/\S+)/.exec(output)![1]!;
    await page.goto(url);
    await expect(page.getByTestId('defrag-support')).toHaveText('defrag: supported');
    await expect.poll(async () => Number(await page.getByTestId('gauge-allocator-ratio').textContent())).toBeGreaterThanOrEqual(1.5);
    await expect(page.getByTestId('lab-panel')).toBeVisible();
    await page.getByTestId('lab-fragment').click();
    await expect(page.getByTestId('lab-message')).toContainText(/fragmented in [\d.]+ s/, { timeout: 30_000 });
    await page.getByTestId('lab-churn').click();
    await expect(page.getByTestId('lab-churn')).toHaveAttribute('data-state', 'on');
    await page.getByTestId('lab-churn').click();
    await expect(page.getByTestId('lab-churn')).toHaveAttribute('data-state', 'off');
    // Writes are enabled for this run with the printed token: signing in with it makes the editor writable.
    const token = /sign in \(top right\) with the admin token ([0-9a-f]{48})/.exec(output)?.[1];
    expect(token).toBeTruthy();
    await page.getByTestId('sign-in-token').fill(token!);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('admin');
    await openView(page, 'config');
    await expect(page.getByTestId('config-editor')).toHaveAttribute('data-writable', 'true');
  } finally {
    process.kill(-demo.pid!, 'SIGINT');
    await new Promise((r) => setTimeout(r, 1500));
    try {
      process.kill(-demo.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});
