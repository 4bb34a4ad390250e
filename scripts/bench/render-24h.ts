/**
 * Existing figure: time for Chromium to render a 24 h view, the real page given a real 24 h
 * response (routed in place of the app's own, which holds only a few seconds of history).
 */
import type { Browser } from '@playwright/test';
import type { AppProcess } from '../harness/app-process';
import type { Report } from './report';
import { median } from './stats';

export async function measureRender24h(report: Report, browser: Browser, app: AppProcess, body: string): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.route('**/api/targets/default/history?**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(app.url);
    await page.getByTestId('history-section').waitFor();
    const renderMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      await page.getByTestId('range-5m').click();
      await page.evaluate(() => performance.clearMarks());
      await page.evaluate(() => performance.mark('bench:click'));
      await page.getByTestId('range-24h').click();
      await page.waitForFunction(() => performance.getEntriesByName('fragscope:history-rendered:24h').length > 0);
      // One more frame so the figure includes painting the committed charts.
      const ms = await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() => {
              const start = performance.getEntriesByName('bench:click')[0]!.startTime;
              resolve(performance.now() - start);
            }),
          ),
      );
      renderMs.push(ms);
    }
    report.add(
      'render_24h_ms_median',
      'Chromium renders a 24 h view',
      median(renderMs),
      'ms',
      `${median(renderMs).toFixed(0)} ms median of 5 (click "24 h" -> six charts painted)`,
    );
  } finally {
    await context.close();
  }
}
