import { z } from 'zod';
import { latencyCostSchema } from '../latency/api-schema';

/**
 * `GET /api/targets/{id}/history` and the stream's first `history` event: columns, not objects.
 * INFO fields keep Redis's names; counters appear as `<counter>_per_sec`; `null` marks a gap.
 */
export const historyResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  t: z.array(z.number()),
  series: z.record(z.string(), z.array(z.number().nullable())),
  /** Where the columns come from: this app's memory (absent means the same), or Prometheus for ranges beyond it. */
  source: z.enum(['memory', 'prometheus']).optional(),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

const nullableNumber = z.number().nullable();

/** The figures of one sample at a run's start or end (defrag-runs.ts RunPoint). */
const runPointSchema = z.object({
  at: z.number(),
  used_memory_rss: nullableNumber,
  allocator_frag_bytes: nullableNumber,
  allocator_frag_ratio: nullableNumber,
  active_defrag_hits: nullableNumber,
});

/** How far a run got (defrag-runs.ts RunProgress). */
const runProgressSchema = z.object({
  status: z.enum(['running', 'settling', 'finished', 'interrupted']),
  elapsedMs: z.number(),
  reclaimedRssBytes: nullableNumber,
  reclaimedFragBytes: nullableNumber,
  fractionReclaimed: nullableNumber,
  targetFragBytes: nullableNumber,
  fractionOfReclaimable: nullableNumber,
  etaMs: nullableNumber,
  converging: z.boolean(),
  trend: z.enum(['converging', 'flat', 'rising', 'unknown']),
  fragBytesPerSec: nullableNumber,
  pass: z.object({ index: z.number(), fraction: z.number(), keysPerSec: nullableNumber, etaMs: nullableNumber }).nullable(),
  /** While settling: lazyfree_pending_objects above 0, which holds the "after" figures back. */
  lazyfreePending: nullableNumber.optional(),
});

/** A detected defrag run (defrag-runs.ts DefragRun) with its progress. */
export const defragRunSchema = z.object({
  start: runPointSchema,
  before: runPointSchema.nullable(),
  startSeen: z.boolean(),
  end: runPointSchema.nullable(),
  endReason: z.enum(['idle', 'outage']).nullable(),
  peakRunning: z.number(),
  dips: z.number(),
  /** Where RSS settled after the run (null while settling, and after an outage). */
  settled: runPointSchema.nullable(),
  settleReason: z.enum(['quiet', 'limit', 'next-run', 'gap']).nullable(),
  /** While settling: objects still queued for the lazyfree thread (the "after" waits for 0). */
  lazyfreePending: nullableNumber.optional(),
  progress: runProgressSchema,
  /** p99 per busy command during the run against the 5 minutes before (lib/latency); absent where not measured. */
  latencyCost: latencyCostSchema.nullable().optional(),
});
export type DefragRunView = z.infer<typeof defragRunSchema>;

/** One row of the pass timeline (defrag-passes.ts DefragPass). */
export const defragPassSchema = z.object({
  index: z.number(),
  startAt: z.number(),
  durationMs: z.number(),
  effort: z.number(),
  peakEffort: z.number(),
  hits: nullableNumber,
  misses: nullableNumber,
  reclaimedFragBytes: nullableNumber,
  ongoing: z.boolean(),
  /** Redis <= 7.4 / Valkey <= 8.0: current_active_defrag_time spans back-to-back passes, so a row may be several. */
  spansPasses: z.boolean(),
});
export type DefragPassView = z.infer<typeof defragPassSchema>;

const runDiagnosisSchema = z.object({ id: z.string(), severity: z.enum(['info', 'warn', 'error']), title: z.string(), detail: z.string(), advice: z.string() });

/** `GET /api/targets/{id}/runs?from=&to=`: the runs found in the range, the one going now, and the newest. */
export const runsResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  runs: z.array(defragRunSchema),
  current: defragRunSchema.nullable(),
  last: defragRunSchema.nullable(),
  /** The passes of `current`, else of `last`. */
  passes: z.array(defragPassSchema),
  /** "Running but not helping", from the current run's history (empty when none runs). */
  runDiagnoses: z.array(runDiagnosisSchema),
  /** The first sample of each new server process (run_id changed) in the range: restarts, marked on the charts. */
  restarts: z.array(z.number()),
});
export type RunsResponse = z.infer<typeof runsResponseSchema>;

// Plain constants, kept apart so the page's first load can read them without zod.
export { LIVE_SPAN_MS, RANGE_PRESETS, type RangePresetId } from '../range-presets';
