import { z } from 'zod';
import { configValuesSchema, rewriteOutcomeSchema } from '../config-params/api-schema';

/**
 * `GET /api/audit?target=&actor=&result=&before=<id>&limit=`, newest first. (`POST
 * /api/audit/{id}/revert` answers a config write: configApplyResultSchema.)
 */

export const AUDIT_ACTIONS = ['config-set', 'revert', 'window-start', 'window-end', 'window-created', 'window-deleted', 'memory-purge'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * applied: Redis took it; invalid: refused before Redis was touched; refused: Redis said no; failed:
 * Redis unreachable before anything was sent; unknown: the change was sent and the connection broke
 * (or the dashboard stopped) before its outcome was known: it may have landed, `before` is exact.
 */
export const AUDIT_RESULTS = ['applied', 'invalid', 'refused', 'failed', 'unknown'] as const;
export type AuditResult = (typeof AUDIT_RESULTS)[number];

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
  /** `memory-purge`: RSS figures (INFO memory) before and after the MEMORY PURGE; after is null until known. */
  memory: z
    .object({
      before: z.record(z.string(), z.number().nullable()),
      after: z.record(z.string(), z.number().nullable()).nullable(),
    })
    .nullable()
    .optional(),
  /** Set by `GET /api/audit` (never stored): the applied revert entry that undid this one. */
  revertedBy: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Lines of the log that could not be read (a torn last line after a crash). */
  unreadableLines: z.number(),
  /** Pass as `before` for the next (older) page; null when this page reaches the oldest match. */
  nextBefore: z.string().nullable().optional(),
});
export type AuditList = z.infer<typeof auditListSchema>;
