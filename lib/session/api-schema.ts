import { z } from 'zod';

/** `GET|POST|DELETE /api/session`: whether writes are enabled, and who is signed in. */
export const sessionStateSchema = z.object({
  writesEnabled: z.boolean(),
  signedInAs: z.string().nullable(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

/**
 * Who may write, and if not, why: part of every answer that offers a write (config, windows,
 * baselines), so the UI shows the reason instead of the button.
 */
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
