import { z } from 'zod';

/**
 * `GET|POST /api/targets/{id}/lab` (demo mode only). The browser imports this file: it must stay
 * free of the lab's Redis code (ioredis, node:*), so only zod here.
 */
export const labStatusSchema = z.object({
  demo: z.boolean(),
  fragmenting: z.boolean(),
  churning: z.boolean(),
  lastMessage: z.string().nullable(),
});
export type LabStatus = z.infer<typeof labStatusSchema>;

export const LAB_ACTIONS = ['fragment', 'churn-start', 'churn-stop'] as const;
export type LabAction = (typeof LAB_ACTIONS)[number];

export const labActionRequestSchema = z.object({ action: z.enum(LAB_ACTIONS) }).strict();
