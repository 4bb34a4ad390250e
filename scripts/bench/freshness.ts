/**
 * 5. Freshness in the browser (Playwright + /usr/bin/chromium, the real dashboard):
 * - page open -> first gauge value: a fresh browser context (cold cache) per run; from navigation
 *   start to the first animation frame in which `gauge-rss-ratio` shows a number;
 * - change in Redis -> new value on screen: `DEBUG POPULATE` adds ~5 MB to used_memory at a random
 *   moment of the poll cycle; from its reply to the first animation frame in which `mem-used`
 *   shows at least half of the increase (a frame runs every ~16 ms, so this is the paint).
 * Returns the scripts Chromium fetched during the first cold load, until the charts show and the
 * network is idle (for bundle.ts).
 */
import type { Browser, Page } from '@playwright/test';
import type { AppProcess } from '../harness/app-process';
import type { StatsClient } from './redis-stats';
import type { Report } from './report';
import { fmt, max, median, sleep, wallNow } from './stats';

declare global {
  interface Window {
    __benchFirstGauge?: number;
    __benchChange?: Promise<{ at: number; text: string }>;
    __benchMarks?: { streamCreated?: number; streamOpen?: number; firstSnapshot?: number };
  }
}

export async function measureFreshness(report: Report, browser: Browser, app: AppProcess, stats: StatsClient, opens = 5, changes = 10): Promise<string[]> {
  // Page open -> first gauge value.
  const firstGauge: number[] = [];
  const steps = { html: [] as number[], streamCreated: [] as number[], streamOpen: [] as number[], firstSnapshot: [] as number[] };
  let scripts: string[] = [];
  for (let run = 0; run < opens; run++) {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
    try {
      const page = await context.newPage();
      const loaded: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') loaded.push(request.url());
      });
      await page.addInitScript({ content: FIRST_GAUGE_SCRIPT });
      await page.goto(app.url, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.__benchFirstGauge !== undefined, undefined, { timeout: 20_000 });
      firstGauge.push(await page.evaluate(() => window.__benchFirstGauge!));
      const m = await page.evaluate(() => ({
        ...window.__benchMarks,
        html: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).responseEnd,
      }));
      for (const key of Object.keys(steps) as (keyof typeof steps)[]) if (typeof m[key] === 'number') steps[key].push(m[key]);
      if (run === 0) {
        // The charts load after the first paint: wait for them, or a slow hydration looks like an idle network.
        await page.getByTestId('chart-ratios').waitFor();
        await page.waitForLoadState('networkidle');
        scripts = [...loaded];
      }
    } finally {
      await context.close();
    }
  }
  report.add(
    'open_to_first_gauge_ms_median',
    'page open -> first gauge value',
    median(firstGauge),
    'ms',
    `${fmt(median(firstGauge), 0)} ms median of ${opens} cold loads (max ${fmt(max(firstGauge), 0)} ms; navigation start -> gauge-rss-ratio painted)`,
  );
  if (Object.values(steps).every((v) => v.length === opens)) {
    report.add(
      'open_steps_stream_open_ms_median',
      'page open -> SSE stream open',
      median(steps.streamOpen),
      'ms',
      `${fmt(median(steps.streamOpen), 0)} ms median (HTML received ${fmt(median(steps.html), 0)} ms, EventSource created ${fmt(median(steps.streamCreated), 0)} ms, open ${fmt(median(steps.streamOpen), 0)} ms, first snapshot event ${fmt(median(steps.firstSnapshot), 0)} ms)`,
    );
  }
  report.detail('open_steps_ms', { firstGauge, ...steps });

  // Change in Redis -> new value on screen.
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  try {
    const page = await context.newPage();
    await page.goto(app.url);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="mem-used"]')?.textContent ?? ''));
    const delays: number[] = [];
    const increases: number[] = [];
    for (let i = 0; i < changes; i++) {
      await sleep(1000 + Math.random() * 1000);
      const before = await stats.usedMemory();
      await watchForIncrease(page, 2.5e6);
      await stats.call('DEBUG', 'POPULATE', 40_000, `bench:fresh:${i}:`, 64);
      const changedAt = wallNow();
      increases.push((await stats.usedMemory()) - before);
      const seen = await Promise.race([
        page.evaluate(() => window.__benchChange!),
        sleep(10_000).then(() => {
          throw new Error(`change ${i}: mem-used did not rise by 2.5 MB within 10 s of DEBUG POPULATE`);
        }),
      ]);
      delays.push(seen.at - changedAt);
    }
    report.add(
      'redis_change_to_screen_ms_median',
      'change in Redis -> value on screen',
      median(delays),
      'ms',
      `${fmt(median(delays), 0)} ms median of ${changes} (max ${fmt(max(delays), 0)} ms; DEBUG POPULATE +${(median(increases) / 1e6).toFixed(1)} MB used_memory -> mem-used painted; poll at 1 Hz)`,
    );
    report.detail('freshness', { changeToScreenMs: delays, usedMemoryIncreaseBytes: increases });
  } finally {
    await context.close();
  }
  return scripts;
}

// In-page code is passed as text: tsx (esbuild keepNames) wraps named functions in a `__name`
// helper that does not exist in the page.

/**
 * From the first frame on, looks for a number in `gauge-rss-ratio` and records performance.now();
 * also notes when the page creates its EventSource, when it opens, and its first snapshot event.
 */
const FIRST_GAUGE_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  const check = () => {
    const el = document.querySelector('[data-testid="gauge-rss-ratio"]');
    if (el && /\\d/.test(el.textContent || '')) window.__benchFirstGauge = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(url, init) {
      super(url, init);
      marks.streamCreated ??= performance.now();
      this.addEventListener('open', () => (marks.streamOpen ??= performance.now()));
      this.addEventListener('snapshot', () => (marks.firstSnapshot ??= performance.now()));
    }
  };
})()`;

/**
 * Arms `window.__benchChange`: resolves (wall-clock ms) on the first animation frame in which the
 * `mem-used` figure is at least `minIncrease` bytes above what it shows now. formatBytes prints
 * binary units (KiB, MiB, ...) with one decimal below 100.
 */
async function watchForIncrease(page: Page, minIncrease: number): Promise<void> {
  await page.evaluate(`(() => {
    const minIncrease = ${Number(minIncrease)};
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    const read = () => {
      const match = /([\\d.]+)\\s*((?:[KMGT]i)?B)/.exec(document.querySelector('[data-testid="mem-used"]')?.textContent ?? '');
      return match ? Number(match[1]) * 1024 ** units.indexOf(match[2]) : Number.NaN;
    };
    const start = read();
    if (!Number.isFinite(start)) throw new Error('mem-used shows no figure');
    window.__benchChange = new Promise((resolve) => {
      const check = () => {
        const now = read();
        if (now - start >= minIncrease) resolve({ at: performance.timeOrigin + performance.now(), text: String(now) });
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
  })()`);
}
