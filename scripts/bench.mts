/**
 * `npm run bench` (needs `npm run build` first; not part of `npm test`; ~4 min on 2 cores).
 * Prints a table and writes bench/results/bench-<ms>.json (+ .md). Each measurement is a module
 * in scripts/bench/ that says how it measures:
 *   history-store.ts  history memory (real lab samples), append, serving 24 h (in process)
 *   redis-cost.ts     cost to Redis per sample vs prometheus-redis-exporter (2 lab servers)
 *   viewers.ts        Redis commands/s with 1, 50, 500 SSE viewers          (main app)
 *   fanout.ts         500 viewers: dashboard CPU, sample -> receipt delay   (same window)
 *   render-24h.ts     Chromium renders a 24 h view                         (main app)
 *   freshness.ts      page open -> first gauge; Redis change -> screen      (main app)
 *   long-tasks.ts     longest main-thread task during 1 Hz updates          (main app)
 *   bundle.ts         first-load JS of / (gzip)                             (main app)
 *   fleet.ts          1,000 targets: CPU, RSS, poll jitter, /api/fleet      (10 servers)
 *   replicas.ts       2 replicas x 200 targets: history split; Prometheus long range (10 servers)
 * `npm run bench -- --only=cost,fleet` runs some sections (history, cost, viewers, browser, fleet, replicas).
 * Every process started is stopped at the end, on failure, and on Ctrl-C.
 */
import { chromium, type Browser } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppProcess } from './harness/app-process';
import { checkBuild } from './bench/build-check';
import { measureBundle } from './bench/bundle';
import { reportFanout } from './bench/fanout';
import { measureFleet } from './bench/fleet';
import { measureFreshness } from './bench/freshness';
import { measureHistoryStore } from './bench/history-store';
import { measureLongTasks } from './bench/long-tasks';
import { measureRedisCost } from './bench/redis-cost';
import { StatsClient } from './bench/redis-stats';
import { measureRender24h } from './bench/render-24h';
import { measureReplicas } from './bench/replicas';
import { Report } from './bench/report';
import { Scope } from './bench/scope';
import { labBinary, startDashboard, startServer } from './bench/servers';
import { measureViewers } from './bench/viewers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['history', 'cost', 'viewers', 'browser', 'fleet', 'replicas'] as const;
type Section = (typeof SECTIONS)[number];

const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = new Set((onlyArg?.slice('--only='.length).split(',') ?? SECTIONS) as Section[]);
for (const s of only) if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`unknown section "${s}" (known: ${SECTIONS.join(', ')})`);

const build = checkBuild(root);
if ('missing' in build) {
  console.error(`bench: ${build.missing}`);
  process.exit(2);
}

const report = new Report();
const scope = new Scope();
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    console.error(`\n  [bench] ${signal}: stopping everything the bench started ...`);
    void scope.closeAll().finally(() => process.exit(130));
  });
}

if (build.staleFiles.length > 0) {
  const msg = `the build (.next, ${build.buildId}) is older than ${build.staleFiles.length} source file(s), e.g. ${build.staleFiles.slice(0, 3).join(', ')}: the figures are for the build, run \`npm run build\` to measure the sources`;
  console.warn(`  [bench] WARNING: ${msg}`);
  report.note(msg);
}

const loadAtStart = os.loadavg();
const started = performance.now();
const timings: Record<string, number> = {};
const failures: string[] = [];
async function section(name: string, run: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  report.startSection(name);
  try {
    await run();
  } catch (error) {
    if (interrupted) return;
    // tsx puts whole modules in stack frames (data: URLs): keep the message and the first frames, short.
    const stack = ((error as Error).stack ?? String(error))
      .split('\n')
      .slice(0, 6)
      .map((l) => l.slice(0, 300));
    failures.push(`${name}: ${stack.join('\n')}`);
    report.notMeasured(`failed_${name.replace(/\W+/g, '_')}`, `${name}: section failed`, (error as Error).message.split('\n')[0]!);
  } finally {
    timings[name] = (performance.now() - t0) / 1000;
  }
}

const lab = labBinary();
let historyBody = '';
try {
  // Always: fast, and render-24h feeds its response to the page.
  await section('history store', async () => {
    historyBody = measureHistoryStore(report);
  });
  if (only.has('cost')) await section('cost to Redis per sample', () => measureRedisCost(report, scope, lab));
  if (only.has('viewers') || only.has('browser')) {
    const main = scope.child();
    try {
      let ready: { app: AppProcess; stats: StatsClient; serverUrl: string } | null = null;
      await section('main app (lab server + built dashboard)', async () => {
        const server = await startServer(main, lab, 'main');
        const stats = await StatsClient.connect(server.url);
        main.defer('stats client', () => stats.close());
        const app = await startDashboard(main, { REDIS_URL: server.url, FRAGSCOPE_POLL_MS: '1000' }, 'main');
        ready = { app, stats, serverUrl: server.url };
      });
      if (ready) {
        const { app, stats, serverUrl }: { app: AppProcess; stats: StatsClient; serverUrl: string } = ready;
        if (only.has('viewers')) {
          await section('viewers and fan-out', async () => {
            const phases = await measureViewers(report, main, app, stats);
            reportFanout(report, phases);
          });
        }
        if (only.has('browser')) {
          let browser: Browser | null = null;
          await section('browser: start chromium', async () => {
            const launched = await chromium.launch({
              executablePath: '/usr/bin/chromium',
              args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
            });
            main.defer('chromium', () => launched.close());
            browser = launched;
          });
          let scripts: string[] = [];
          if (browser) {
            const b: Browser = browser;
            await section('browser: 24 h render', () => measureRender24h(report, b, app, historyBody));
            await section('browser: freshness', async () => {
              scripts = await measureFreshness(report, b, app, stats);
            });
            await section('browser: long tasks during live updates', () => measureLongTasks(report, b, app, serverUrl));
          }
          await section('bundle', () => measureBundle(report, root, app, scripts));
        }
      }
    } finally {
      await main.closeAll();
    }
  }
  if (only.has('fleet')) await section('fleet of 1,000 targets', () => measureFleet(report, scope));
  if (only.has('replicas')) await section('two replicas, 200 targets; Prometheus long range', () => measureReplicas(report, scope));
} finally {
  await scope.closeAll();
}

const seconds = (performance.now() - started) / 1000;
const machine = `${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}, ${os.cpus()[0]?.model.trim() ?? '?'}`;
report.note(`lab servers: ${lab.label}; fleet: Debian redis-server; the bench process shares the machine (and its 2 cores) with what it measures`);
const load = (l: number[]) => l.map((v) => v.toFixed(2)).join(' ');
report.note(
  `load average at start ${load(loadAtStart)}, at end ${load(os.loadavg())}: other work on the machine (tests, builds) skews CPU and latency figures`,
);
report.print(`Fragscope bench (${new Date().toISOString()}, ${machine}, build ${build.buildId}, ${seconds.toFixed(0)} s)`);
const file = report.write(path.join(root, 'bench/results'), {
  at: new Date().toISOString(),
  machine,
  buildId: build.buildId,
  seconds,
  sectionSeconds: timings,
  sections: [...only],
});
console.log(`\n  written to ${path.relative(root, file)} (and .md)`);
if (failures.length > 0) {
  console.error(`\n${failures.length} section(s) failed:\n${failures.join('\n\n')}`);
  process.exit(1);
}
