import { z } from 'zod';
import { HEALTH_STATES } from './snapshot';

/** One row of the fleet overview: what an operator scans across 100+ servers, from the pollers' memory. */
export const fleetRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  engine: z.enum(['redis', 'valkey']).nullable(),
  version: z.string().nullable(),
  connected: z.boolean(),
  /** The newest good sample's time; null before the first one. */
  sampleAt: z.number().nullable(),
  health: z.enum(HEALTH_STATES),
  rssRatio: z.number().nullable(),
  allocatorRatio: z.number().nullable(),
  /** `allocator_frag_bytes`: the waste active defrag can reclaim; the fleet is sorted by it. */
  reclaimableBytes: z.number().nullable(),
  usedBytes: z.number().nullable(),
  rssBytes: z.number().nullable(),
  activedefrag: z.boolean().nullable(),
  defragSupported: z.boolean().nullable(),
  /** active_defrag_running: CPU percent, 0 when idle. */
  defragRunning: z.number().nullable(),
  verdict: z.enum(['running', 'will-run', 'will-not-run', 'unknown']),
  /** Why not, in a few words: the decision's blocking condition. */
  blocking: z.string().nullable(),
  predictedCpuPercent: z.number().nullable(),
});
export type FleetRow = z.infer<typeof fleetRowSchema>;

export const fleetResponseSchema = z.object({ rows: z.array(fleetRowSchema), at: z.number() });
export type FleetResponse = z.infer<typeof fleetResponseSchema>;

/** Largest reclaimable waste first; unknown waste last, then by name so the order is stable. */
export function sortByWaste(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort((a, b) => {
    const wa = a.reclaimableBytes ?? -Infinity;
    const wb = b.reclaimableBytes ?? -Infinity;
    if (wa !== wb) return wb - wa;
    return a.name.localeCompare(b.name);
  });
}
