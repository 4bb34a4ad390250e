import 'server-only';
import type { Snapshot, TargetSummary } from '@/lib/snapshot';
import type { HealthResponse, TargetsResponse } from '@/lib/targets/api-schema';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { getHub } from '../core/hub';
import { streamTarget } from '../http/sse-response';
import type { TargetPoller } from '../polling/target-poller';

/** Route handlers call exactly one of these. Each returns a Response and never throws. */

export function summarize(poller: TargetPoller): TargetSummary {
  const { target } = poller;
  const latest = poller.latest();
  const identity = poller.identityNow;
  return {
    id: target.id,
    name: target.name,
    address: target.address,
    tls: target.tls,
    engine: identity.engine,
    version: identity.version,
    connected: poller.isConnected,
    defragSupported: poller.defragSupport.supported,
    lastSampleAt: latest?.at ?? null,
  };
}

export function listTargets(): TargetSummary[] {
  return [...getHub().pollers.values()].map(summarize);
}

export function targetsResponse(): Response {
  return handle(() => Response.json({ targets: listTargets() } satisfies TargetsResponse));
}

export function healthResponse(): Response {
  return handle(() => {
    const hub = getHub();
    const targets = [...hub.pollers.values()].map((poller) => ({
      id: poller.target.id,
      connected: poller.isConnected,
      lastSampleAt: poller.latest()?.at ?? null,
      lastOkAt: poller.lastOk()?.at ?? null,
      viewers: poller.viewerCount,
      polls: poller.stats.polls,
      maxPollsInFlight: poller.stats.maxInFlight,
    }));
    // With replicas: which targets this replica polls (the others receive its samples).
    const holding = [...hub.pollers.values()].filter((p) => p.holdsHistory);
    const replica = hub.replication
      ? {
          id: hub.replication.replicaId,
          polls: hub.replication.ownedTargets,
          holdsHistory: holding.map((p) => p.target.id).sort(),
          historyBytes: holding.reduce((sum, p) => sum + p.store.byteSize(), 0),
        }
      : null;
    return Response.json({ status: 'ok', pollMs: hub.config.pollMs, replica, targets } satisfies HealthResponse);
  });
}

export function snapshotResponse(targetId: string): Response {
  return handle(() => {
    const poller = findPoller(targetId);
    const latest = poller.latest();
    if (!latest) throw new AppError('not_found', `no sample of "${targetId}" yet; retry in a second`);
    return Response.json(latest satisfies Snapshot, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** One live stream (scripts/serve.mjs already refused it when the client or the process has no slot left). */
export function streamResponse(targetId: string, signal: AbortSignal): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    // With replicas, the opening history frame needs the history here (loaded if another replica polls).
    await getHub().historyOf(poller);
    return streamTarget(poller, signal);
  });
}
