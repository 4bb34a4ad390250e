import { z } from 'zod';

/**
 * Why windowed latency percentiles can or cannot be shown for a target:
 * - `ok`: LATENCY HISTOGRAM is read every FRAGSCOPE_LATENCY_MS;
 * - `waiting`: fewer than two readings yet (a window needs two);
 * - `unsupported`: the server is older than 7.0 (no LATENCY HISTOGRAM);
 * - `forbidden`: the command is renamed away or denied by ACL (managed services);
 * - `disabled`: `latency-tracking no`, so the histograms do not grow;
 * - `unavailable`: the server is not answering (the poll's own error says why).
 */
export const latencyStatusSchema = z.enum(['ok', 'waiting', 'unsupported', 'forbidden', 'disabled', 'unavailable']);
export type LatencyStatus = z.infer<typeof latencyStatusSchema>;

const nullableNumber = z.number().nullable();

/** Percentiles of one command (or `all`) over a span: bucket upper bounds in µs, null without calls. */
export const latencyPercentilesSchema = z.object({
  calls: z.number(),
  p50_usec: nullableNumber,
  p99_usec: nullableNumber,
  p999_usec: nullableNumber,
});
export type LatencyPercentiles = z.infer<typeof latencyPercentilesSchema>;

/**
 * `GET /api/targets/{id}/latency?from=&to=&points=`: windowed percentiles as columns like
 * `/history`: `t` is each window's end, series `<command>_p50_usec`, `<command>_p99_usec`,
 * `<command>_p999_usec`, `<command>_calls` (lower-case as LATENCY HISTOGRAM prints them,
 * `config|get`), and `all_p50_usec`, `all_p99_usec`, `all_p999_usec`, `all_calls` over the
 * commands read, and `eventloop_cycle_usec` (mean µs per event-loop cycle, Redis >= 7.2 / Valkey);
 * `null` marks a window without calls or across a reset. `range` merges every window
 * of the span (exact: the calls between its first and last reading, resets left out).
 */
export const latencyResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  status: latencyStatusSchema,
  /** Why not `ok`, in the server's words where it gave some; null when ok. */
  reason: z.string().nullable(),
  /** FRAGSCOPE_LATENCY_MS: the sampling interval (a window spans one or more of them). */
  intervalMs: z.number(),
  resolution: z.string(),
  /** The busy commands read (top by calls in INFO commandstats), newest selection. */
  commands: z.array(z.string()),
  t: z.array(z.number()),
  series: z.record(z.string(), z.array(nullableNumber)),
  /** Windows of the span whose counters went backwards (CONFIG RESETSTAT) or whose run_id changed. */
  resets: z.array(z.number()),
  range: z.object({ commands: z.record(z.string(), latencyPercentilesSchema), all: latencyPercentilesSchema }).nullable(),
});
export type LatencyResponse = z.infer<typeof latencyResponseSchema>;

/** p99 of one busy command during a defrag run against the 5 minutes before it. */
export const latencyCostRowSchema = z.object({
  command: z.string(),
  beforeP99Usec: nullableNumber,
  duringP99Usec: nullableNumber,
  beforeCalls: z.number(),
  duringCalls: z.number(),
  /** during / before, null when either is missing. */
  ratio: nullableNumber,
});

/** "GET p99 0.26 ms -> 1.1 ms while defrag ran at 25 % CPU": the latency cost of a run. */
export const latencyCostSchema = z.object({
  status: latencyStatusSchema,
  reason: z.string().nullable(),
  beforeFrom: z.number(),
  runFrom: z.number(),
  runTo: z.number(),
  /** Mean active_defrag_running over the run's samples, and the peak. */
  meanEffort: nullableNumber,
  peakEffort: nullableNumber,
  rows: z.array(latencyCostRowSchema),
  all: latencyCostRowSchema.nullable(),
  /**
   * Mean µs per event-loop cycle before and during the run (Redis >= 7.2, Valkey; null before): how long
   * the server is away from its clients per cycle. A defrag slice adds to it, and to every request
   * waiting behind it, while a command's own execution time (the p99 rows) hardly moves.
   */
  eventLoop: z.object({ beforeUsecPerCycle: z.number(), duringUsecPerCycle: z.number(), ratio: z.number().nullable() }).nullable().default(null),
  /** One line for the summary, or null when nothing was measured. */
  text: z.string().nullable(),
});
export type LatencyCost = z.infer<typeof latencyCostSchema>;
export type LatencyCostRow = z.infer<typeof latencyCostRowSchema>;
