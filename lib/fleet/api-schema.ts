import { z } from 'zod';
import { configApplyResultSchema } from '../config-params/api-schema';
import { SEVERITIES } from '../alerts/rules';
import { HEALTH_STATES, targetSummarySchema } from '../snapshot';

/**
 * One row of the fleet overview: what an operator scans across 100+ servers, from the pollers' memory.
 * It names the target as /api/targets does (id, name, address, engine, version, connected).
 */
export const fleetRowSchema = targetSummarySchema.pick({ id: true, name: true, address: true, engine: true, version: true, connected: true }).extend({
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
  /** A node of a `cluster+redis://` target: the cluster and the node's role in it. */
  cluster: z.object({ id: z.string(), name: z.string(), role: z.enum(['primary', 'replica']).nullable() }).nullable(),
  /** The target's firing alerts: how many, the worst severity (null: none), their rules. */
  alerts: z.object({ count: z.number(), severity: z.enum(SEVERITIES).nullable(), rules: z.array(z.string()) }),
});
export type FleetRow = z.infer<typeof fleetRowSchema>;

/**
 * `GET /api/fleet[?sort=&dir=&q=&verdict=&alerts=only&page=&pageSize=]` (lib/fleet/fleet-query.ts):
 * one page of the matching rows in display order, with the whole fleet's totals beside it.
 */
export const fleetResponseSchema = z.object({
  rows: z.array(fleetRowSchema),
  at: z.number(),
  /** Every target watched, and their `allocator_frag_bytes` summed, whatever the filter. */
  total: z.number(),
  totalReclaimableBytes: z.number(),
  /** Targets matching the filter, over every page. */
  matched: z.number(),
  page: z.number(),
  pageCount: z.number(),
  pageSize: z.number(),
  /** The clusters with a node on this page: their size and waste among the matching rows. */
  clusters: z.array(z.object({ id: z.string(), name: z.string(), nodes: z.number(), reclaimableBytes: z.number() })),
});
export type FleetResponse = z.infer<typeof fleetResponseSchema>;

const roleSchema = z.enum(['primary', 'replica']);

/** `GET /api/clusters`: each cluster target and the nodes it was last seen with. */
export const clusterListResponseSchema = z.object({
  clusters: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      /** The last error talking to the cluster (secrets scrubbed); null while it answers. */
      error: z.string().nullable(),
      nodes: z.array(
        z.object({
          targetId: z.string(),
          address: z.string(),
          nodeId: z.string(),
          role: roleSchema,
          primaryId: z.string().nullable(),
          failing: z.boolean(),
          slots: z.number(),
          connected: z.boolean(),
        }),
      ),
    }),
  ),
});
export type ClusterListResponse = z.infer<typeof clusterListResponseSchema>;

/** `POST /api/clusters/{id}/config`: one result per node, in the order they were written. */
export const clusterApplyResultSchema = z.object({
  allApplied: z.boolean(),
  results: z.array(
    configApplyResultSchema.partial().extend({
      targetId: z.string(),
      address: z.string(),
      role: roleSchema,
      ok: z.boolean(),
      /** The HTTP status this node's write alone would have answered. */
      status: z.number(),
      error: z.string().nullable(),
      /** A refused node: one message per invalid parameter, and the audit entry of the attempt. */
      fields: z.record(z.string(), z.string()).optional(),
      auditId: z.string().nullable().optional(),
    }),
  ),
});
export type ClusterApplyResult = z.infer<typeof clusterApplyResultSchema>;

/** Largest reclaimable waste first; unknown waste last, then by name so the order is stable. */
export function sortByWaste(rows: readonly FleetRow[]): FleetRow[] {
  return [...rows].sort((a, b) => {
    const wa = a.reclaimableBytes ?? -Infinity;
    const wb = b.reclaimableBytes ?? -Infinity;
    if (wa !== wb) return wb - wa;
    return a.name.localeCompare(b.name);
  });
}

export type FleetItem = { kind: 'target'; row: FleetRow } | { kind: 'cluster'; id: string; name: string; reclaimableBytes: number; rows: FleetRow[] };

/**
 * The fleet page's order: standalone targets and whole clusters, by waste (a cluster by the sum
 * of its nodes'), each cluster followed by its nodes, by waste too.
 */
export function groupFleet(rows: readonly FleetRow[]): FleetItem[] {
  const items: FleetItem[] = [];
  const clusters = new Map<string, Extract<FleetItem, { kind: 'cluster' }>>();
  for (const row of sortByWaste(rows)) {
    if (!row.cluster) {
      items.push({ kind: 'target', row });
      continue;
    }
    let group = clusters.get(row.cluster.id);
    if (!group) {
      group = { kind: 'cluster', id: row.cluster.id, name: row.cluster.name, reclaimableBytes: 0, rows: [] };
      clusters.set(row.cluster.id, group);
      items.push(group);
    }
    group.rows.push(row);
    group.reclaimableBytes += row.reclaimableBytes ?? 0;
  }
  const waste = (item: FleetItem) => (item.kind === 'cluster' ? item.reclaimableBytes : (item.row.reclaimableBytes ?? -Infinity));
  // Stable sort: equal waste keeps the name order sortByWaste gave.
  return items.sort((a, b) => waste(b) - waste(a));
}

/** Points per sparkline: 30 min/max buckets over the hour, so a spike still shows. */
export const SPARKLINE_POINTS = 60;
export const SPARKLINE_SPAN_MS = 3_600_000;
/** Ids one sparklines request may ask for: a page of the fleet, never the whole of it. */
export const MAX_SPARKLINE_IDS = 200;

/**
 * `GET /api/fleet/sparklines?ids=a,b`: each target's last hour from its in-memory history,
 * downsampled on the server. `t` is seconds after `from` (short numbers: the payload stays
 * ~1.3 KB per target); null marks a gap.
 */
export const fleetSparklinesSchema = z.object({
  from: z.number(),
  to: z.number(),
  targets: z.array(
    z.object({
      id: z.string(),
      t: z.array(z.number()),
      /** `allocator_frag_ratio` as INFO prints it. */
      allocatorRatio: z.array(z.number().nullable()),
      /** `used_memory_rss`, bytes. */
      rssBytes: z.array(z.number().nullable()),
    }),
  ),
  /** Ids asked for that this dashboard does not watch. */
  unknown: z.array(z.string()),
});
export type FleetSparklines = z.infer<typeof fleetSparklinesSchema>;
export type Sparkline = FleetSparklines['targets'][number];
