import { z } from 'zod';
import { AUDIT_RESULTS } from '../audit/api-schema';
import { writeAccessSchema } from '../session/api-schema';
import { storedWindowSchema } from './schema';

/** `GET|POST|DELETE /api/targets/{id}/windows`. */

export const occurrenceSchema = z.object({ start: z.number(), end: z.number() });

export const windowViewSchema = storedWindowSchema.and(
  z.object({
    description: z.string(),
    /** The running occurrence (if any) first, then the next ones. */
    next: z.array(occurrenceSchema),
    running: z.boolean(),
    /** The scheduler's last attempt to start it (from the audit log): a refused start shows on the row. */
    lastStart: z
      .object({ at: z.string(), result: z.enum(AUDIT_RESULTS), error: z.string().nullable() })
      .nullable()
      .optional(),
  }),
);
export type WindowView = z.infer<typeof windowViewSchema>;

/** GET: the schedule with each window's next occurrences. */
export const windowListSchema = z.object({
  windows: z.array(windowViewSchema),
  now: z.number(),
  access: writeAccessSchema,
});
export type WindowList = z.infer<typeof windowListSchema>;

/** POST (201): the window as stored. */
export const windowCreatedSchema = z.object({ window: windowViewSchema });
export type WindowCreated = z.infer<typeof windowCreatedSchema>;

/** DELETE: `restored` when the window was running and its saved values are back. */
export const windowDeletedSchema = z.object({ deleted: z.string(), restored: z.boolean() });
export type WindowDeleted = z.infer<typeof windowDeletedSchema>;

/** "Run now" lasts whole minutes, up to a day; the form checks the same bounds. */
export const RUN_NOW_MINUTES = { min: 1, max: 24 * 60 } as const;

/** POST /api/targets/{id}/windows: a window spec, or "run now for N minutes" with a preset. */
export const runNowRequestSchema = z
  .object({
    runNowMinutes: z.number().int().min(RUN_NOW_MINUTES.min).max(RUN_NOW_MINUTES.max),
    preset: z.string().min(1).max(64),
    label: z.string().max(80).optional(),
  })
  .strict();
