import { z } from 'zod';
import { DEFRAG_PARAM_NAMES } from './catalogue';

/**
 * The shape of a change request body, checked before `validateChanges` judges the values. Names are
 * not restricted here so that an unknown name gets validateChanges's specific message; the count is
 * bounded so a hostile body cannot make the server loop over thousands of keys.
 */
export const MAX_CHANGES = DEFRAG_PARAM_NAMES.length * 2;

export const rawValueSchema = z.union([z.string().max(64), z.number(), z.boolean()]);

export const configChangesSchema = z
  .record(z.string().max(128), rawValueSchema)
  .refine((r) => Object.keys(r).length <= MAX_CHANGES, { message: `At most ${MAX_CHANGES} parameters per change.` });
