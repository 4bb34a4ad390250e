import { z } from 'zod';
import { snapshotSchema } from '../snapshot';

/**
 * A baseline: a named full snapshot an operator keeps to compare with later ("what did defrag
 * reclaim since we took this?"). The whole snapshot is kept, not only the compared figures, so a
 * later version can compare figures this one does not, and an operator can check any INFO field.
 */

export const BASELINE_NAME_MAX = 80;
export const BASELINE_NOTE_MAX = 500;

/** Who or what took it: a signed-in operator, the activedefrag-on hook, or a maintenance window's start. */
export const BASELINE_TRIGGERS = ['manual', 'activedefrag-on', 'window-start'] as const;
export type BaselineTrigger = (typeof BASELINE_TRIGGERS)[number];

export const baselineSchema = z
  .object({
    id: z.string().min(1),
    targetId: z.string().min(1),
    name: z.string().min(1).max(BASELINE_NAME_MAX),
    note: z.string().max(BASELINE_NOTE_MAX).nullable(),
    /** Epoch ms: the snapshot's own `at`, so a baseline sorts and compares by when the figures were read. */
    at: z.number(),
    /** The token label of the operator, or 'scheduler' / 'editor' when taken automatically. */
    takenBy: z.string().min(1),
    trigger: z.enum(BASELINE_TRIGGERS),
    snapshot: snapshotSchema,
  })
  // A stored baseline that disagrees with its own snapshot would compare against the wrong instant.
  .refine((b) => b.at === b.snapshot.at, { error: 'at must equal snapshot.at', path: ['at'] })
  .refine((b) => b.targetId === b.snapshot.targetId, { error: 'targetId must equal snapshot.targetId', path: ['targetId'] });
export type Baseline = z.infer<typeof baselineSchema>;

// Every rule carries its own message: zod's defaults ("Too small: expected string to have >=1 characters")
// mean nothing to an operator filling in a form.
export const baselineCreateSchema = z.strictObject(
  {
    name: z
      .string({ error: 'A baseline needs a name' })
      .trim()
      .min(1, { error: 'A baseline needs a name' })
      .max(BASELINE_NAME_MAX, { error: `Name can be at most ${BASELINE_NAME_MAX} characters` }),
    // Trimmed like the name: stray whitespace from a paste should not count against the limit.
    note: z
      .string({ error: 'Note must be text' })
      .trim()
      .max(BASELINE_NOTE_MAX, { error: `Note can be at most ${BASELINE_NOTE_MAX} characters` })
      .optional(),
  },
  {
    error: (issue) => {
      if (issue.code === 'unrecognized_keys') return `Unknown field(s): ${issue.keys.join(', ')} (a baseline takes only name and note)`;
      if (issue.code === 'invalid_type') return 'Send an object with a name and an optional note';
      return undefined;
    },
  },
);
export type BaselineCreate = z.infer<typeof baselineCreateSchema>;
