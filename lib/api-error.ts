import { z } from 'zod';

/**
 * The body every route answers on failure (lib/server/core/errors.ts builds it), whatever the
 * route: `fields` holds one message per invalid parameter, `auditId` the audit entry the refused
 * attempt produced. The browser reads every failure through this one schema.
 */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    auditId: z.string().optional(),
    /** `unknown`: the connection broke after the change was sent; it may have landed (see the audit entry). */
    outcome: z.literal('unknown').optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
