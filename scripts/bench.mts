/**
 * `npm run bench`: history figures (issue 5), printed as a table and written to bench/results/.
 * - memory of one target's history store (24 h at 1 s + 7 days of 1 min buckets), from byteSize();
 * - time to serve a 24 h history request (query + JSON) from a full store;
 * - time for Chromium to render a 24 h view: the real page, given a real 24 h response.
 */
import { chromium } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_SERIES } from '../components/charts/chart-series';
import { HistoryStore } from '../lib/history/history-store';
import { emptyConfig, emptyInfo, emptyLatency, type Snapshot } from '../lib/snapshot';
import { startApp } from './harness/app-process';
import { startRedis } from './harness/redis-process';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DAY = 86_400_000;
const rows: [string, string][] = [];
const results: Record<string, number> = {};
const record = (name: string, value: number, shown: string) => {
  results[name] = value;
  rows.push([name, shown]);
};

function syntheticSnapshot(i: number, at: number): Snapshot {
  const wave = Math.sin(i / 600);
  const info = {
    ...emptyInfo(),
    used_memory: 2e9 + 1e8 * wave,
    used_memory_rss: 3e9 + 2e8 * wave,
    mem_fragmentation_ratio: 1.5 + 0.3 * wave,
    mem_fragmentation_bytes: 1e9,
    allocator_frag_ratio: 1.3 + 0.2 * wave,
    allocator_frag_bytes: 6e8 + 1e8 * wave,
    allocator_active: 2.6e9,
    allocator_resident: 2.7e9,
    allocator_allocated: 2e9,
    active_defrag_running: i % 3600 < 600 ? 25 : 0,
    active_defrag_hits: i * 50,
    active_defrag_misses: i * 20,
    active_defrag_key_hits: i * 5,
    active_defrag_key_misses: i * 2,
    total_active_defrag_time: i,
    current_active_defrag_time: 0,
  };
  return {
    targetId: 'bench', seq: i, at, ok: i % 5000 !== 0, server: { engine: 'redis', version: '7.0.15', allocator: 'jemalloc-5.2.1', runId: 'r' },
    info, config: { ...emptyConfig(), 'active-defrag-threshold-lower': 10 }, latency: emptyLatency(),
    derived: { health: 'healthy', connection: 'connected', pollRttMs: 1 + (i % 7) / 10, defragSupported: true, defragUnsupportedReason: null, forkChildActive: false, keys: 1_000_000, parseWarnings: [] },
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// 1. Memory and fill.
const now = Date.now();
const store = new HistoryStore({ intervalMs: 1000 });
const emptyBytes = store.byteSize();
const fillStart = performance.now();
const samples = 86_400;
for (let i = 0; i < samples; i++) store.append(syntheticSnapshot(i, now - DAY + i * 1000));
const fillMs = performance.now() - fillStart;
record('history_bytes_per_target', store.byteSize(), `${(store.byteSize() / 1024 / 1024).toFixed(1)} MiB (fixed; ${(emptyBytes / 1024 / 1024).toFixed(1)} MiB when empty)`);
record('append_us_per_sample', (fillMs * 1000) / samples, `${((fillMs * 1000) / samples).toFixed(2)} µs per sample`);

// 2. Serving a 24 h request.
let body = '';
const serveMs: number[] = [];
for (let run = 0; run < 15; run++) {
  const t0 = performance.now();
  body = JSON.stringify(store.query({ from: now - DAY, to: now, points: 800, series: CHART_SERIES }));
  serveMs.push(performance.now() - t0);
}
record('serve_24h_ms_median', median(serveMs), `${median(serveMs).toFixed(1)} ms median of 15 (query + JSON, points=800, the charts' ${CHART_SERIES.length} series)`);
record('serve_24h_bytes', body.length, `${(body.length / 1024).toFixed(0)} KiB response`);

// 3. Chromium rendering that 24 h response in the real dashboard.
const redis = await startRedis();
const app = await startApp({ REDIS_URL: redis.url });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
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
    // Wait one frame so the measurement includes paint of the committed charts.
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
  record('render_24h_ms_median', median(renderMs), `${median(renderMs).toFixed(0)} ms median of 5 (click 24 h -> charts painted, 6 charts)`);
} finally {
  await browser.close();
  await app.kill();
  await redis.kill();
}

const machine = `${os.cpus().length} cores, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
console.log(`\nFragscope bench (${new Date().toISOString()}, ${machine})\n`);
const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, shown] of rows) console.log(`  ${name.padEnd(width)}  ${shown}`);
const dir = path.join(root, 'bench/results');
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${Date.now()}.json`);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2));
console.log(`\n  written to ${path.relative(root, file)}`);
