/**
 * Existing figures (issue 5), unchanged in method:
 * - memory of one target's history store (24 h at 1 s + 7 days of 1 min buckets), from byteSize();
 * - time to serve a 24 h history request (query + JSON) from a full store.
 * Returns the 24 h response body, which render-24h.ts feeds to the real page.
 */
import { CHART_SERIES } from '../../components/charts/chart-series';
import { HistoryStore } from '../../lib/history/history-store';
import { emptyConfig, emptyInfo, emptyLatency, type Snapshot } from '../../lib/snapshot';
import type { Report } from './report';
import { median } from './stats';

const DAY = 86_400_000;
const MiB = 1024 * 1024;

export function syntheticSnapshot(i: number, at: number): Snapshot {
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
    targetId: 'bench',
    seq: i,
    at,
    ok: i % 5000 !== 0,
    server: { engine: 'redis', version: '7.0.15', allocator: 'jemalloc-5.2.1', runId: 'r' },
    info,
    config: { ...emptyConfig(), 'active-defrag-threshold-lower': 10 },
    latency: emptyLatency(),
    derived: {
      health: 'healthy',
      connection: 'connected',
      pollRttMs: 1 + (i % 7) / 10,
      defragSupported: true,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: 1_000_000,
      parseWarnings: [],
    },
  };
}

/** Bytes of one target's store with FRAGSCOPE_HISTORY_HOURS=hours (fixed at construction). */
export function storeBytes(hours: number): number {
  return new HistoryStore({ intervalMs: 1000, fineRetentionMs: hours * 3_600_000 }).byteSize();
}

export function measureHistoryStore(report: Report): string {
  const now = Date.now();
  const store = new HistoryStore({ intervalMs: 1000 });
  const emptyBytes = store.byteSize();
  const fillStart = performance.now();
  const samples = 86_400;
  for (let i = 0; i < samples; i++) store.append(syntheticSnapshot(i, now - DAY + i * 1000));
  const fillMs = performance.now() - fillStart;
  report.add(
    'history_bytes_per_target',
    'history store per target (24 h)',
    store.byteSize(),
    'bytes',
    `${(store.byteSize() / MiB).toFixed(1)} MiB (fixed; ${(emptyBytes / MiB).toFixed(1)} MiB when empty)`,
  );
  const appendUs = (fillMs * 1000) / samples;
  report.add('append_us_per_sample', 'history append', appendUs, 'µs', `${appendUs.toFixed(2)} µs per sample (mean of 86,400)`);

  let body = '';
  const serveMs: number[] = [];
  for (let run = 0; run < 15; run++) {
    const t0 = performance.now();
    body = JSON.stringify(store.query({ from: now - DAY, to: now, points: 800, series: CHART_SERIES }));
    serveMs.push(performance.now() - t0);
  }
  report.add(
    'serve_24h_ms_median',
    'serve a 24 h history request',
    median(serveMs),
    'ms',
    `${median(serveMs).toFixed(1)} ms median of 15 (query + JSON, points=800, the charts' ${CHART_SERIES.length} series)`,
  );
  report.add('serve_24h_bytes', '24 h history response size', body.length, 'bytes', `${(body.length / 1024).toFixed(0)} KiB`);
  return body;
}
