import 'server-only';
import { decide } from '@/lib/decision';
import { sortByWaste, type FleetResponse, type FleetRow } from '@/lib/fleet/api-schema';
import { blockedText } from '@/lib/fleet/blocked-text';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import type { TargetPoller } from '../polling/target-poller';

/** One fleet row from a poller's memory: no Redis call, so 100 viewers of 200 targets cost Redis nothing. */
export function fleetRow(poller: TargetPoller): FleetRow {
  const { target } = poller;
  const good = poller.lastOk();
  const identity = poller.identityNow;
  const decision = good ? decide(good) : null;
  const blocking = decision?.conditions.find((c) => c.id === decision.blockingId);
  return {
    id: target.id,
    name: target.name,
    address: target.address,
    engine: identity.engine,
    version: identity.version,
    connected: poller.isConnected,
    sampleAt: good?.at ?? null,
    health: good?.derived.health ?? 'unknown',
    rssRatio: good?.info.mem_fragmentation_ratio ?? null,
    allocatorRatio: good?.info.allocator_frag_ratio ?? null,
    reclaimableBytes: good?.info.allocator_frag_bytes ?? null,
    usedBytes: good?.info.used_memory ?? null,
    rssBytes: good?.info.used_memory_rss ?? null,
    activedefrag: good?.config.activedefrag ?? null,
    defragSupported: poller.defragSupport.supported,
    defragRunning: good?.info.active_defrag_running ?? null,
    verdict: decision?.verdict ?? 'unknown',
    blocking: blocking ? blockedText(blocking) : null,
    predictedCpuPercent: decision?.cpuPercent ?? null,
    cluster: target.group ? { id: target.group.clusterId, name: target.group.clusterName, role: clusterRole(target.group.clusterId, target.id) } : null,
  };
}

function clusterRole(clusterId: string, targetId: string): 'primary' | 'replica' | null {
  return (
    getHub()
      .clusters.get(clusterId)
      ?.list()
      .find((m) => m.targetId === targetId)?.node.role ?? null
  );
}

export function fleetRows(): FleetResponse {
  return { rows: sortByWaste([...getHub().pollers.values()].map(fleetRow)), at: Date.now() };
}

/** GET /api/fleet */
export function fleetResponse(): Response {
  return handle(() => Response.json(fleetRows() satisfies FleetResponse, { headers: { 'Cache-Control': 'no-store' } }));
}
