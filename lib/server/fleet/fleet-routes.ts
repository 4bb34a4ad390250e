import 'server-only';
import type { ActiveAlert } from '@/lib/alerts/state';
import { decide, type Decision } from '@/lib/decision';
import { fleetSparklinesSchema, MAX_SPARKLINE_IDS, SPARKLINE_SPAN_MS, type FleetResponse, type FleetRow, type FleetSparklines } from '@/lib/fleet/api-schema';
import { blockedText } from '@/lib/fleet/blocked-text';
import { applyFleetQuery, DEFAULT_FLEET_QUERY, parseFleetQuery, type FleetQuery } from '@/lib/fleet/fleet-query';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import { alertingFor } from '../alerts/hub-alerts';
import type { Snapshot } from '@/lib/snapshot';
import type { TargetPoller } from '../polling/target-poller';
import { sparklineOf } from './sparklines';

type AlertSummary = FleetRow['alerts'];
const NO_ALERTS: AlertSummary = Object.freeze({ count: 0, severity: null, rules: [] }) as unknown as AlertSummary;

/**
 * The decision of a sample, computed once per sample whatever the number of viewers: with 1,000
 * targets the decisions are most of a fleet request's work, and a sample is kept until the next poll.
 */
const decisions = new WeakMap<Snapshot, Decision>();
function decisionOf(sample: Snapshot): Decision {
  let decision = decisions.get(sample);
  if (!decision) {
    decision = decide(sample);
    decisions.set(sample, decision);
  }
  return decision;
}

/** One fleet row from a poller's memory: no Redis call, so 100 viewers of 200 targets cost Redis nothing. */
export function fleetRow(poller: TargetPoller, alerts: AlertSummary = NO_ALERTS): FleetRow {
  const { target } = poller;
  const good = poller.lastOk();
  const identity = poller.identityNow;
  const decision = good ? decisionOf(good) : null;
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
    alerts,
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

function alertSummaries(active: readonly ActiveAlert[]): Map<string, AlertSummary> {
  const byTarget = new Map<string, AlertSummary>();
  for (const a of active) {
    const s = byTarget.get(a.targetId) ?? { count: 0, severity: null, rules: [] };
    s.count += 1;
    s.rules.push(a.rule);
    if (a.severity === 'critical' || s.severity === null) s.severity = a.severity;
    byTarget.set(a.targetId, s);
  }
  return byTarget;
}

/**
 * The fleet page's rows: every target from its poller's memory with its firing alerts, filtered,
 * sorted and cut to one page. A failure of the alert state (the state Redis down) costs the
 * alert column, never the fleet.
 */
export async function fleetRows(query: FleetQuery = DEFAULT_FLEET_QUERY): Promise<FleetResponse> {
  const pollers = [...getHub().pollers.values()];
  const active = await alertingFor(getHub())
    .activeEverywhere()
    .catch(() => []);
  const alerts = alertSummaries(active);
  const all = pollers.map((p) => fleetRow(p, alerts.get(p.target.id)));
  const page = applyFleetQuery(all, query);
  return {
    rows: page.rows,
    at: Date.now(),
    total: all.length,
    totalReclaimableBytes: all.reduce((sum, r) => sum + (r.reclaimableBytes ?? 0), 0),
    matched: page.matched,
    page: page.page,
    pageCount: page.pageCount,
    pageSize: query.pageSize,
    clusters: page.clusters,
  };
}

/** GET /api/fleet[?sort=&dir=&q=&verdict=&alerts=only&page=&pageSize=] */
export function fleetResponse(request: Request): Promise<Response> {
  return handle(async () => {
    const parsed = parseFleetQuery(new URL(request.url).searchParams);
    if (!parsed.ok) throw new AppError('invalid', `invalid query: ${parsed.problems.join('; ')}`);
    return Response.json((await fleetRows(parsed.query)) satisfies FleetResponse, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** GET /api/fleet/sparklines?ids=a,b: the last hour of the targets on the visible page, never the whole fleet. */
export function sparklinesResponse(request: Request): Response {
  return handle(() => {
    const raw = new URL(request.url).searchParams.get('ids');
    if (raw === null || raw.trim() === '') throw new AppError('invalid', 'ids is required: the comma-separated target ids of the visible rows');
    const ids = [
      ...new Set(
        raw
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length > MAX_SPARKLINE_IDS) throw new AppError('invalid', `ids may name at most ${MAX_SPARKLINE_IDS} targets (got ${ids.length})`);
    const hub = getHub();
    const to = Date.now();
    const body: FleetSparklines = { from: to - SPARKLINE_SPAN_MS, to, targets: [], unknown: [] };
    for (const id of ids) {
      const poller = hub.get(id);
      if (poller) body.targets.push(sparklineOf(id, poller.store, to));
      else body.unknown.push(id.slice(0, 64));
    }
    return Response.json(fleetSparklinesSchema.parse(body), { headers: { 'Cache-Control': 'no-store' } });
  });
}
