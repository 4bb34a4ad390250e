import { z } from 'zod';
import { storedWindowSchema } from './windows/schema';

/**
 * The shapes of the write side of the API (config editor, audit log, maintenance windows,
 * session), shared by the route handlers and the browser, which validates what it receives.
 */

/** A config as Redis holds it: Redis-ready strings ('yes'/'no', bytes as an integer), null = unknown. */
export const configValuesSchema = z.record(z.string(), z.string().nullable());
export type ConfigValues = z.infer<typeof configValuesSchema>;

/** Who may write, and if not, why: the editor shows the reason instead of the apply button. */
export const writeAccessSchema = z.object({
  /** True when this request may change this target now. */
  allowed: z.boolean(),
  /** FRAGSCOPE_ADMIN_TOKEN is set. */
  writesEnabled: z.boolean(),
  /** The token label of the signed-in operator, if any. */
  signedInAs: z.string().nullable(),
  /** `name=url;readonly` in the target configuration. */
  targetReadonly: z.boolean(),
  /** CONFIG is renamed or forbidden on the server (managed services): Redis's own text. */
  configUnavailable: z.string().nullable(),
  /** One sentence for the UI when `allowed` is false. */
  reason: z.string().nullable(),
});
export type WriteAccess = z.infer<typeof writeAccessSchema>;

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
  activeWindow: z
    .object({ windowId: z.string(), end: z.number(), saved: configValuesSchema })
    .nullable(),
});
export type ConfigView = z.infer<typeof configViewSchema>;

export const configChangeRequestSchema = z
  .object({
    changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
    rewrite: z.boolean().optional().default(false),
  })
  .strict();
export type ConfigChangeRequest = z.infer<typeof configChangeRequestSchema>;

export const AUDIT_ACTIONS = [
  'config-set',
  'revert',
  'window-start',
  'window-end',
  'window-created',
  'window-deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** applied: Redis took it; invalid: refused before Redis was touched; refused: Redis said no; failed: Redis unreachable or rollback needed. */
export const AUDIT_RESULTS = ['applied', 'invalid', 'refused', 'failed'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

export const rewriteOutcomeSchema = z.object({ ok: z.boolean(), error: z.string().nullable() });

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  targetId: z.string(),
  /** Token label ("admin", "alice") or "scheduler". */
  actor: z.string(),
  action: z.enum(AUDIT_ACTIONS),
  /** What was asked for (Redis-ready strings where it parsed; the raw text where it did not). */
  requested: configValuesSchema,
  /** The server's values of the touched parameters before the attempt (null where unknown). */
  before: configValuesSchema,
  /** Read back after the attempt; null when nothing could be read. */
  after: configValuesSchema.nullable(),
  result: z.enum(AUDIT_RESULTS),
  /** Redis's own text, or the validation messages. */
  error: z.string().nullable(),
  rewrite: rewriteOutcomeSchema.nullable().optional(),
  revertOf: z.string().nullable().optional(),
  windowId: z.string().nullable().optional(),
  /** Free text for window actions ("Daily 02:00–04:00 Europe/Berlin, preset low-latency"). */
  note: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Lines of the log that could not be read (a torn last line after a crash). */
  unreadableLines: z.number(),
});
export type AuditList = z.infer<typeof auditListSchema>;

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

/** Error bodies: `{ error: { code, message, fields?, auditId? } }`; `fields` holds one message per invalid parameter. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    auditId: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const occurrenceSchema = z.object({ start: z.number(), end: z.number() });

export const windowViewSchema = storedWindowSchema.and(
  z.object({
    description: z.string(),
    /** The running occurrence (if any) first, then the next ones. */
    next: z.array(occurrenceSchema),
    running: z.boolean(),
    /** The scheduler's last attempt to start it (from the audit log): a refused start shows on the row. */
    lastStart: z.object({ at: z.string(), result: z.enum(AUDIT_RESULTS), error: z.string().nullable() }).nullable().optional(),
  }),
);
export type WindowView = z.infer<typeof windowViewSchema>;

export const windowListSchema = z.object({
  windows: z.array(windowViewSchema),
  now: z.number(),
  access: writeAccessSchema,
});
export type WindowList = z.infer<typeof windowListSchema>;

/** POST /api/targets/{id}/windows: a window spec, or "run now for N minutes" with a preset. */
export const runNowRequestSchema = z
  .object({
    runNowMinutes: z.number().int().min(1).max(24 * 60),
    preset: z.string().min(1).max(64),
    label: z.string().max(80).optional(),
  })
  .strict();

export const sessionStateSchema = z.object({
  writesEnabled: z.boolean(),
  signedInAs: z.string().nullable(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

/** POST /api/clusters/{id}/config: one result per node, in the order they were written. */
export const clusterApplyResultSchema = z.object({
  allApplied: z.boolean(),
  results: z.array(
    z.object({
      targetId: z.string(),
      address: z.string(),
      role: z.enum(['primary', 'replica']),
      ok: z.boolean(),
      status: z.number(),
      error: z.string().nullable(),
      before: configValuesSchema.optional(),
      after: configValuesSchema.optional(),
      auditId: z.string().nullable().optional(),
    }),
  ),
});
export type ClusterApplyResult = z.infer<typeof clusterApplyResultSchema>;
