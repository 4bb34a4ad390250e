import { z } from 'zod';
import { latencyCostSchema } from '../latency/api-schema';
import { writeAccessSchema } from '../session/api-schema';
import { serverIdentitySchema } from '../snapshot';
import type { VerdictStatus } from './compare';
import { FIGURE_NAMES, type FigureName } from './moment';
import { BASELINE_TRIGGERS } from './schema';

/**
 * `/api/targets/{id}/baselines[/{baselineId}[/compare]]`. A created (POST) or fetched (GET one)
 * baseline is `baselineSchema` itself (./schema.ts), snapshot included.
 */

const nullableNumber = z.number().nullable();

/** A list entry: the baseline without its full snapshot, with the headline figures. */
export const baselineSummarySchema = z.object({
  id: z.string(),
  targetId: z.string(),
  name: z.string(),
  note: z.string().nullable(),
  at: z.number(),
  takenBy: z.string(),
  trigger: z.enum(BASELINE_TRIGGERS),
  figures: z.object({
    used_memory_rss: nullableNumber,
    used_memory: nullableNumber,
    mem_fragmentation_ratio: nullableNumber,
    allocator_frag_ratio: nullableNumber,
    active_defrag_hits: nullableNumber,
  }),
  server: serverIdentitySchema,
});
export type BaselineSummary = z.infer<typeof baselineSummarySchema>;

/** GET .../baselines: newest first, and whether this viewer may capture or delete. */
export const baselineListResponseSchema = z.object({ baselines: z.array(baselineSummarySchema), access: writeAccessSchema });
export type BaselineList = z.infer<typeof baselineListResponseSchema>;

/** DELETE .../baselines/{baselineId}. */
export const baselineDeletedSchema = z.object({ deleted: z.string() });
export type BaselineDeleted = z.infer<typeof baselineDeletedSchema>;

const figureNames = FIGURE_NAMES as [FigureName, ...FigureName[]];
const figuresSchema = z.object(Object.fromEntries(FIGURE_NAMES.map((name) => [name, nullableNumber])) as Record<FigureName, typeof nullableNumber>);

const momentSchema = z.object({
  at: z.number(),
  label: z.string(),
  targetId: z.string(),
  runId: z.string().nullable(),
  figures: figuresSchema,
});

export const VERDICT_STATUSES = [
  'success',
  'no-improvement',
  'worse',
  'confounded',
  'restarted',
  'different-target',
  'reversed',
  'insufficient-data',
] as const satisfies readonly VerdictStatus[];

const comparisonRowSchema = z.object({
  name: z.enum(figureNames),
  label: z.string(),
  kind: z.enum(['bytes', 'ratio', 'count', 'ms']),
  before: nullableNumber,
  after: nullableNumber,
  delta: nullableNumber,
  relative: nullableNumber,
  improved: z.boolean().nullable(),
});

/** GET .../compare?format=json (md and csv are attachments, not JSON). */
export const comparisonResponseSchema = z.object({
  before: momentSchema,
  after: momentSchema,
  rows: z.array(comparisonRowSchema),
  verdict: z.object({ status: z.enum(VERDICT_STATUSES), headline: z.string(), reasons: z.array(z.string()) }),
  elapsedMs: z.number(),
  /** The latency cost of the last defrag run that started between the two moments; null when none did. */
  latencyCost: latencyCostSchema.nullable(),
  baseline: baselineSummarySchema,
  to: z.string(),
  permalink: z.string(),
});
export type ComparisonResponse = z.infer<typeof comparisonResponseSchema>;
export type ComparisonRowData = ComparisonResponse['rows'][number];
export type VerdictData = ComparisonResponse['verdict'];
