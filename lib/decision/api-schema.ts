import { z } from 'zod';
import { CONFIG_NUMBER_FIELDS, HEALTH_STATES, type ConfigNumberField } from '../snapshot';
import { CONDITION_IDS } from './types';

/**
 * `GET /api/targets/{id}/decision` and `POST /api/decision/what-if` (the same model with
 * hypothetical config values): the decision on the newest good sample, with its diagnoses.
 */

const conditionValueSchema = z.union([z.number(), z.boolean(), z.string()]).nullable();
const nullableNumber = z.number().nullable();

export const conditionSchema = z.object({
  id: z.enum(CONDITION_IDS),
  label: z.string(),
  pass: z.boolean().nullable(),
  actual: conditionValueSchema,
  threshold: conditionValueSchema,
  explanation: z.string(),
});

const decisionConfigSchema = z.object({
  activedefrag: z.boolean().nullable(),
  ...(Object.fromEntries(CONFIG_NUMBER_FIELDS.map((f) => [f, nullableNumber])) as Record<ConfigNumberField, typeof nullableNumber>),
});

export const decisionResponseSchema = z.object({
  targetId: z.string(),
  /** The sample the decision was made on. */
  sampleAt: z.number(),
  /** The target is not answering: the decision uses an older sample (a warning says how old). */
  stale: z.boolean(),
  conditions: z.array(conditionSchema),
  blockingId: z.enum(CONDITION_IDS).nullable(),
  verdict: z.enum(['running', 'will-run', 'will-not-run', 'unknown']),
  willRun: z.boolean().nullable(),
  cpuPercent: nullableNumber,
  currentCpuPercent: nullableNumber,
  cpuIsUpperBound: z.boolean(),
  fragPct: nullableNumber,
  fragPctExact: z.boolean(),
  fragPctNote: z.string().nullable(),
  fragBytes: nullableNumber,
  config: decisionConfigSchema,
  whatIf: z.boolean(),
  reason: z.string(),
  warnings: z.array(z.string()),
  ruleOfThumb: z.object({ health: z.enum(HEALTH_STATES), ratio: nullableNumber, label: z.string(), recommendation: z.string() }),
  disagreement: z.string().nullable(),
  diagnoses: z.array(
    z.object({
      id: z.string(),
      severity: z.enum(['info', 'warn', 'error']),
      title: z.string(),
      detail: z.string(),
      advice: z.string(),
      reference: z.object({ label: z.string(), url: z.string() }).optional(),
    }),
  ),
});
export type DecisionResponse = z.infer<typeof decisionResponseSchema>;

/** The config values a replay may be given, by their Redis names (`GET /api/targets/{id}/replay?<name>=<value>`). */
export const REPLAY_PARAMS = [
  'activedefrag',
  'active-defrag-ignore-bytes',
  'active-defrag-threshold-lower',
  'active-defrag-threshold-upper',
  'active-defrag-cycle-min',
  'active-defrag-cycle-max',
] as const;
export type ReplayParam = (typeof REPLAY_PARAMS)[number];

const replaySpanSchema = z.object({
  start: z.number(),
  end: nullableNumber,
  endReason: z.enum(['below-threshold', 'disabled', 'gap']).nullable(),
  startEffort: nullableNumber,
  peakEffort: nullableNumber,
});

/**
 * `GET /api/targets/{id}/replay?from=&to=&points=&<param>=<value>`: the decision model run over the
 * dashboard's own 1 s history (lib/decision/replay.ts) with candidate values; no Redis call.
 */
export const replayResponseSchema = z.object({
  targetId: z.string(),
  from: z.number(),
  to: z.number(),
  /** The candidate values given (Redis-ready); a param left out is the value recorded at each sample. */
  candidate: z.partialRecord(z.enum(REPLAY_PARAMS), z.union([z.number(), z.boolean()])),
  /** What stands in where the history holds no value (threshold-upper, cycle-min/max are not recorded): the server's current config. */
  fallback: z.partialRecord(z.enum(REPLAY_PARAMS), z.union([z.number(), z.boolean()]).nullable()),
  /** 1 s samples replayed. */
  samples: z.number(),
  /** Time buckets of the charts (at most `points`): the highest effort in each, replayed and actual. */
  t: z.array(z.number()),
  effort: z.array(nullableNumber),
  actual: z.array(nullableNumber),
  /** When defrag would have run (exact sample times). */
  spans: z.array(replaySpanSchema),
  /** When it actually ran (active_defrag_running > 0). */
  actualSpans: z.array(z.object({ start: z.number(), end: nullableNumber })),
  exact: z.boolean(),
  unknownSamples: z.number(),
  /** What the replay can and cannot say, in one paragraph. */
  caveat: z.string(),
});
export type ReplayResponse = z.infer<typeof replayResponseSchema>;
