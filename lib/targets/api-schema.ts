import { z } from 'zod';
import { snapshotSchema, targetSummarySchema } from '../snapshot';

/** `GET /api/targets`: every configured target, without credentials. */
export const targetsResponseSchema = z.object({ targets: z.array(targetSummarySchema) });
export type TargetsResponse = z.infer<typeof targetsResponseSchema>;

/** `GET /api/targets/{id}/snapshot`: the newest sample, ok or not; the stream's `snapshot` events carry the same. */
export const snapshotResponseSchema = snapshotSchema;

/** `GET /api/health`: for load balancers and operators, what each poller is doing. */
export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  pollMs: z.number(),
  /** With replicas: this replica's id and the targets it polls (it receives the others' samples). */
  replica: z
    .object({
      id: z.string(),
      polls: z.array(z.string()),
      /** Targets whose history this replica holds in memory (the ones it polls, and any mirrored for a viewer). */
      holdsHistory: z.array(z.string()),
      /** Bytes of those histories (HistoryStore.byteSize). */
      historyBytes: z.number(),
    })
    .nullable(),
  targets: z.array(
    z.object({
      id: z.string(),
      connected: z.boolean(),
      lastSampleAt: z.number().nullable(),
      lastOkAt: z.number().nullable(),
      viewers: z.number(),
      polls: z.number(),
      maxPollsInFlight: z.number(),
    }),
  ),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;
