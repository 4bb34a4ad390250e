import { z } from 'zod';
import { writeAccessSchema } from '../session/api-schema';

/** `GET|POST /api/targets/{id}/config` (and the audit log's revert, which is a config write too). */

/** A config as Redis holds it: Redis-ready strings ('yes'/'no', bytes as an integer), null = unknown. */
export const configValuesSchema = z.record(z.string(), z.string().nullable());
export type ConfigValues = z.infer<typeof configValuesSchema>;

export const configViewSchema = z.object({
  targetId: z.string(),
  targetName: z.string(),
  engine: z.enum(['redis', 'valkey']).nullable(),
  version: z.string().nullable(),
  /** The parameters this server has, in catalogue order. */
  params: z.array(z.string()),
  /** What CONFIG GET returned just now (empty when CONFIG is unavailable). */
  values: configValuesSchema,
  /** INFO server `config_file`; null: the server runs without one and CONFIG REWRITE will fail. */
  configFile: z.string().nullable(),
  /** Redis 7.0+: one atomic multi-parameter CONFIG SET; older servers get one by one with rollback. */
  atomicSet: z.boolean(),
  defragSupported: z.boolean().nullable(),
  defragUnsupportedReason: z.string().nullable(),
  access: writeAccessSchema,
  /** A node of a `cluster+redis://` target: the editor can apply to all its primaries (or nodes). */
  cluster: z
    .object({ id: z.string(), name: z.string(), role: z.enum(['primary', 'replica']).nullable(), primaries: z.number(), nodes: z.number() })
    .nullable()
    .optional(),
  /** The maintenance window running now, whose end restores `saved`. */
  activeWindow: z.object({ windowId: z.string(), end: z.number(), saved: configValuesSchema }).nullable(),
});
export type ConfigView = z.infer<typeof configViewSchema>;

export const configChangeRequestSchema = z
  .object({
    changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    rewrite: z.boolean().optional().default(false),
  })
  .strict();
export type ConfigChangeRequest = z.infer<typeof configChangeRequestSchema>;

export const rewriteOutcomeSchema = z.object({ ok: z.boolean(), error: z.string().nullable() });
export type RewriteOutcome = z.infer<typeof rewriteOutcomeSchema>;

/** The answer to a config write (POST config, POST audit revert): the values read back after it. */
export const configApplyResultSchema = z.object({
  before: configValuesSchema,
  after: configValuesSchema,
  requested: configValuesSchema,
  rewrite: rewriteOutcomeSchema.nullable(),
  auditId: z.string(),
  /** Set when the change switched activedefrag on: the baseline captured just before it. */
  baselineId: z.string().nullable().optional(),
});
export type ConfigApplyResult = z.infer<typeof configApplyResultSchema>;
