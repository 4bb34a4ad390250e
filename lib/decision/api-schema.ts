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
