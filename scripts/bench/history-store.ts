/**
 * History store figures (issues 5 and 18), in process:
 * - memory of one target's store after 24 h at 1 s, on real lab samples: the fixtures' recordings
 *   (fragmentation, defrag runs fast and slow, churn, a RESETSTAT, a kill, a restart) replayed with
 *   their real timestamps to 86,400 samples (recorded-samples.ts says how), split into the 1 s tier
 *   (grows with its rows) and the fixed part (7 days of 1 min buckets, allocated up front); the
 *   same on the synthetic wave the figure used before (smooth: compresses better than real data);
 * - append cost, and the time to serve a 24 h history request (query + JSON) from the full store.
 * Returns the 24 h response body (synthetic, as before), which render-24h.ts feeds to the real page.
 */
import { CHART_SERIES } from '../../components/charts/chart-series';
import { FineRing } from '../../lib/history/fine-ring';
import { HistoryStore } from '../../lib/history/history-store';
import { emptyConfig, emptyInfo, emptyLatency, type Snapshot } from '../../lib/snapshot';
import { recordedSampleCount, replayRecordings } from './recorded-samples';
import type { Report } from './report';
import { median } from './stats';

const DAY = 86_400_000;
const MiB = 1024 * 1024;
const SAMPLES = 86_400;
/** The 1 s tier's budget per target at 24 h (issue 18). */
const BUDGET_BYTES = 3 * MiB;

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

/** One target's store after 24 h of real lab samples at 1 s (replayed), with its last sample time. */
export function realDayStore(): { store: HistoryStore; start: number; end: number; appendUs: number } {
  const store = new HistoryStore({ intervalMs: 1000 });
  const start = Date.now() - DAY;
  const t0 = performance.now();
  const end = replayRecordings(SAMPLES, start, (s) => store.append(s));
  const appendUs = ((performance.now() - t0) * 1000) / SAMPLES;
  return { store, start, end, appendUs };
}

/** Measured bytes of the 1 s tier per sample on real lab samples, and the fixed part per target. */
export function measuredStoreCost(): { finePerSample: number; fixed: number } {
  const { store } = realDayStore();
  const { fine, fixed } = store.byteSizes();
  return { finePerSample: fine / store.size, fixed };
}

function serve(store: HistoryStore, end: number): { ms: number; body: string } {
  let body = '';
  const serveMs: number[] = [];
  for (let run = 0; run < 15; run++) {
    const t0 = performance.now();
    body = JSON.stringify(store.query({ from: end - DAY, to: end, points: 800, series: CHART_SERIES }));
    serveMs.push(performance.now() - t0);
  }
  return { ms: median(serveMs), body };
}

export function measureHistoryStore(report: Report): string {
  const real = realDayStore();
  const { fine, fixed } = real.store.byteSizes();
  const total = fine + fixed;
  report.add(
    'history_bytes_per_target',
    'history store per target (24 h at 1 s, real lab samples)',
    total,
    'bytes',
    `${(total / MiB).toFixed(2)} MiB: 1 s tier ${(fine / MiB).toFixed(2)} MiB (${(fine / real.store.size).toFixed(1)} bytes/sample, ${real.store.size.toLocaleString('en')} samples; budget ${BUDGET_BYTES / MiB} MiB) + ${(fixed / MiB).toFixed(2)} MiB fixed (7 days of 1 min buckets); ${recordedSampleCount()} recorded samples replayed to 86,400 (was 13.0 MiB fixed)`,
  );
  report.add(
    'history_fine_bytes_per_sample',
    '1 s tier bytes per sample (real lab samples)',
    fine / real.store.size,
    'bytes',
    `${(fine / real.store.size).toFixed(2)} bytes (was 141 fixed per row)`,
  );
  report.add(
    'append_us_per_sample',
    'history append (real lab samples)',
    real.appendUs,
    'µs',
    `${real.appendUs.toFixed(2)} µs per sample (mean of 86,400, sealing included)`,
  );
  const realServe = serve(real.store, real.end);
  // The reference: the same samples in the former fixed ring (Float64/Float32 columns, 13 MiB
  // reserved), answered by the same query code, timed in the same run.
  const ring = new HistoryStore({ intervalMs: 1000, fineTier: (capacity, precise) => new FineRing(capacity, precise) });
  replayRecordings(SAMPLES, real.start, (s) => ring.append(s));
  const ringServe = serve(ring, real.end);
  report.add(
    'serve_24h_real_ms_median',
    'serve a 24 h history request (real lab samples)',
    realServe.ms,
    'ms',
    `${realServe.ms.toFixed(1)} ms median of 15 (query + JSON, points=800, the charts' ${CHART_SERIES.length} series; ${(realServe.body.length / 1024).toFixed(0)} KiB)`,
  );
  report.add(
    'serve_24h_real_ring_ms_median',
    'the same request from the former fixed ring (reference)',
    ringServe.ms,
    'ms',
    `${ringServe.ms.toFixed(1)} ms median of 15: the compressed tier takes ${(realServe.ms / ringServe.ms).toFixed(2)}x, the difference is decoding`,
  );

  // The synthetic day the figures used before (issue 5), for a like-for-like comparison.
  const now = Date.now();
  const store = new HistoryStore({ intervalMs: 1000 });
  for (let i = 0; i < SAMPLES; i++) store.append(syntheticSnapshot(i, now - DAY + i * 1000));
  const synth = store.byteSizes();
  report.add(
    'history_fine_bytes_synthetic',
    '1 s tier at 24 h, synthetic wave',
    synth.fine,
    'bytes',
    `${(synth.fine / MiB).toFixed(2)} MiB (${(synth.fine / store.size).toFixed(1)} bytes/sample: its byte figures are fractions, unlike INFO's integers, so they take the XOR path)`,
  );
  const synthServe = serve(store, now);
  report.add(
    'serve_24h_ms_median',
    'serve a 24 h history request (synthetic, as before)',
    synthServe.ms,
    'ms',
    `${synthServe.ms.toFixed(1)} ms median of 15 (same request as the issue-5 figure, 15.9-26 ms with the fixed ring)`,
  );
  report.add('serve_24h_bytes', '24 h history response size', synthServe.body.length, 'bytes', `${(synthServe.body.length / 1024).toFixed(0)} KiB`);
  return synthServe.body;
}
