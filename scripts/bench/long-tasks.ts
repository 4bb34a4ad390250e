/**
 * Long tasks during live updates: the real page, default 5 min live view, against the bench's lab
 * server polled at 1 Hz. A `PerformanceObserver({ type: 'longtask', buffered: true })` installed
 * before the page's own scripts records every main-thread task over 50 ms (Chromium's definition).
 * The page is opened, left to settle (first gauge, network idle, 3 s) until its 5 min window is
 * full (the dashboard may have polled for less), then watched for `seconds`;
 * only tasks that start inside the watch count, so hydration and the first chart paint do not.
 * Two watches: the server idle, then during a slow defrag run over freshly fragmented keys.
 * The snapshot events received in the watch are counted too: a watch without updates measures nothing.
 */
import type { Browser, Page } from '@playwright/test';
import Redis from 'ioredis';
import { DEFAULT_FRAGMENT_KEYS, fragment } from '../../lib/lab/fragment';
import type { AppProcess } from '../harness/app-process';
import type { Report } from './report';
import { fmt, sleep } from './stats';

declare global {
  interface Window {
    __benchLongTasks?: { start: number; duration: number }[];
    __benchSnapshots?: number[];
  }
}

/** Issue #16: no task over 50 ms while the 5 min view follows 1 Hz updates. */
export const LONG_TASK_TARGET_MS = 50;
/** CPU slow-downs the headroom watches use, and their length. */
const THROTTLE_RATES = [2, 4] as const;
const THROTTLED_SECONDS = 30;
/** Rows a 5 min view holds at 1 Hz. */
const FULL_WINDOW_POINTS = 300;

/**
 * What the run watch sets: a slow run (effort 1-5 %) so it lasts the whole watch over ~1M
 * fragmented keys; the lab's aggressive settings (75 %) end it in ~4 s.
 */
const SLOW_DEFRAG = [
  'active-defrag-ignore-bytes',
  '1mb',
  'active-defrag-threshold-lower',
  '5',
  'active-defrag-cycle-min',
  '1',
  'active-defrag-cycle-max',
  '5',
  'activedefrag',
  'yes',
];

export async function measureLongTasks(report: Report, browser: Browser, app: AppProcess, serverUrl: string, seconds = 60): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
  const redis = new Redis(serverUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: OBSERVER_SCRIPT });
    await page.goto(app.url);
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="gauge-rss-ratio"]')?.textContent ?? ''));
    await page.getByTestId('chart-ratios').waitFor();
    await page.waitForLoadState('networkidle');
    await sleep(3000);
    if ((await page.getByTestId('history-section').getAttribute('data-range')) !== '5m') throw new Error('the page did not open on the 5 min view');
    // The worst case is a full window: every chart draws 5 minutes of 1 s samples. A dashboard that
    // started a minute ago has only a minute to draw (it gave 94 points, and 0 long tasks), so the
    // watch starts once the window is full.
    const fullAt = Math.floor(FULL_WINDOW_POINTS * 0.97);
    const pointsNow = () => page.evaluate(() => Number(document.querySelector('[data-testid="chart-ratios"]')?.getAttribute('data-points')));
    const waitStart = Date.now();
    while ((await pointsNow()) < fullAt) {
      if (Date.now() - waitStart > 6 * 60_000) throw new Error(`the 5 min view did not fill (${await pointsNow()} points after 6 min)`);
      await sleep(2000);
    }

    const idle = await watch(page, seconds);
    report.add(
      'live_longest_task_ms',
      'longest task during 1 Hz updates (5 min view)',
      idle.longest,
      'ms',
      `${fmt(idle.longest, 0)} ms longest, ${idle.over} task(s) over ${LONG_TASK_TARGET_MS} ms in ${seconds} s (${idle.snapshots} updates, ${idle.pointsAtStart}-${idle.points} points per chart, a full 5 min window; the server idle)`,
      { max: LONG_TASK_TARGET_MS, shown: `≤ ${LONG_TASK_TARGET_MS} ms` },
    );
    report.add('live_tasks_over_50ms', 'tasks over 50 ms during 1 Hz updates', idle.over, 'count', `${idle.over} in ${seconds} s`);

    // What an operator watches live: a run. Every chart moves, a band grows, the run panel updates.
    await fragment(serverUrl, { keys: DEFAULT_FRAGMENT_KEYS });
    await redis.connect();
    await redis.call('CONFIG', 'SET', ...SLOW_DEFRAG);
    let runningSeconds = 0;
    const sampler = setInterval(() => {
      void redis
        .info('memory')
        .then((text) => {
          if (Number(/active_defrag_running:(\d+)/.exec(text)?.[1] ?? 0) > 0) runningSeconds++;
        })
        .catch(() => undefined);
    }, 1000);
    let run: WatchResult;
    try {
      run = await watch(page, seconds);
    } finally {
      clearInterval(sampler);
      await redis.call('CONFIG', 'SET', 'activedefrag', 'no').catch(() => undefined);
    }
    report.add(
      'live_longest_task_run_ms',
      'longest task during 1 Hz updates while defrag runs (5 min view)',
      run.longest,
      'ms',
      `${fmt(run.longest, 0)} ms longest, ${run.over} task(s) over ${LONG_TASK_TARGET_MS} ms in ${seconds} s (${run.snapshots} updates; defrag running in ${runningSeconds} of ${seconds} s, effort 1-5 %, over ${DEFAULT_FRAGMENT_KEYS.toLocaleString('en')} fragmented keys)`,
      { max: LONG_TASK_TARGET_MS, shown: `≤ ${LONG_TASK_TARGET_MS} ms` },
    );
    // Headroom: the same page on a slower CPU (Chromium's throttling slows the renderer's main
    // thread N times), the server idle again. Not a target: it says how far from 50 ms the
    // redraws are, which a machine this fast would otherwise hide.
    const cdp = await context.newCDPSession(page);
    const throttled: Record<string, WatchResult> = {};
    for (const rate of THROTTLE_RATES) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const result = await watch(page, THROTTLED_SECONDS);
      throttled[`${rate}x`] = result;
      report.add(
        `live_longest_task_cpu_${rate}x_ms`,
        `longest task during 1 Hz updates, CPU throttled ${rate}x (headroom, no target)`,
        result.longest,
        'ms',
        `${result.over === 0 ? 'none over 50 ms' : `${fmt(result.longest, 0)} ms longest`}, ${result.over} task(s) over ${LONG_TASK_TARGET_MS} ms in ${THROTTLED_SECONDS} s`,
      );
    }
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    report.detail('long_tasks', { seconds, idle, run, runningSeconds, throttled });
  } finally {
    redis.disconnect();
    await context.close();
  }
}

interface WatchResult {
  longest: number;
  over: number;
  snapshots: number;
  pointsAtStart: number;
  points: number;
  tasks: { start: number; duration: number }[];
}

/** Watches the open page for `seconds`: the long tasks that start inside the watch, and the updates received. */
async function watch(page: Page, seconds: number): Promise<WatchResult> {
  const pointsAtStart = await page.evaluate(() => Number(document.querySelector('[data-testid="chart-ratios"]')?.getAttribute('data-points')));
  const watchStart = await page.evaluate(() => performance.now());
  await sleep(seconds * 1000);
  const { tasks, snapshots, points } = await page.evaluate((from) => {
    return {
      tasks: (window.__benchLongTasks ?? []).filter((t) => t.start >= from),
      snapshots: (window.__benchSnapshots ?? []).filter((at) => at >= from).length,
      points: Number(document.querySelector('[data-testid="chart-ratios"]')?.getAttribute('data-points')),
    };
  }, watchStart);
  // At 1 Hz a minute brings ~60 updates; far fewer means the stream stalled and the figure would flatter.
  if (snapshots < seconds * 0.8) throw new Error(`only ${snapshots} snapshot events in ${seconds} s of watching (expected about ${seconds})`);
  const longest = tasks.reduce((a, t) => Math.max(a, t.duration), 0);
  const over = tasks.filter((t) => t.duration > LONG_TASK_TARGET_MS).length;
  return { longest, over, snapshots, pointsAtStart, points, tasks };
}

// In-page code is passed as text (see freshness.ts: tsx's `__name` helper does not exist in the page).
const OBSERVER_SCRIPT = `(() => {
  const tasks = (window.__benchLongTasks = []);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  const snapshots = (window.__benchSnapshots = []);
  const Original = window.EventSource;
  window.EventSource = class extends Original {
    constructor(url, init) {
      super(url, init);
      this.addEventListener('snapshot', () => snapshots.push(performance.now()));
    }
  };
})()`;
