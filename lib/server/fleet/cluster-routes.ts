import 'server-only';
import { z } from 'zod';
import { configChangeRequestSchema } from '@/lib/config-params/api-schema';
import type { ClusterApplyResult, ClusterListResponse } from '@/lib/fleet/api-schema';
import { requireWriter } from '../session/admin-guard';
import { applyConfigChange } from '../config/config-apply';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import { readJsonBody } from '../http/read-json-body';

const NO_STORE = { 'Cache-Control': 'no-store' };

/** GET /api/clusters: each cluster target and the nodes it was last seen with. */
export function clusterListResponse(): Response {
  return handle(() => {
    const hub = getHub();
    const clusters = [...hub.clusters.values()].map((group) => ({
      id: group.target.id,
      name: group.target.name,
      address: group.target.address,
      error: group.error,
      nodes: group.list().map(({ targetId, node }) => ({
        targetId,
        address: `${node.host}:${node.port}`,
        nodeId: node.id,
        role: node.role,
        primaryId: node.primaryId,
        failing: node.failing,
        slots: node.slots,
        connected: hub.get(targetId)?.isConnected ?? false,
      })),
    }));
    return Response.json({ clusters } satisfies ClusterListResponse, { headers: NO_STORE });
  });
}

const clusterChangeSchema = configChangeRequestSchema.extend({ scope: z.enum(['primaries', 'all']).optional().default('primaries') });

/**
 * POST /api/clusters/{id}/config `{ changes, rewrite?, scope: "primaries" | "all" }`: the same
 * guarded, validated, audited write on every node in scope, with one result per node. Nodes are
 * written one after another so a change Redis refuses stops nothing else but is easy to read.
 */
export function clusterConfigResponse(clusterId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const hub = getHub();
    const group = hub.clusters.get(clusterId);
    if (!group) throw new AppError('not_found', `unknown cluster "${clusterId.slice(0, 64)}"`);
    const actor = requireWriter(request, hub.config.adminTokens);
    if (group.target.readonly) throw new AppError('forbidden', `${group.target.name} is configured read-only: the dashboard never writes to it`);
    const body = await readJsonBody(request, clusterChangeSchema, '{ "changes": { "<param>": "<value>" }, "scope": "primaries" }');
    const members = group.list().filter((m) => body.scope === 'all' || m.node.role === 'primary');
    if (members.length === 0) throw new AppError('unavailable', `no ${body.scope === 'all' ? 'node' : 'primary'} of ${group.target.name} is known yet`);
    const results: ClusterApplyResult['results'] = [];
    for (const { targetId, node } of members) {
      const base = { targetId, address: `${node.host}:${node.port}`, role: node.role };
      try {
        const { snapshotBefore: _unused, ...outcome } = await applyConfigChange(hub.applyContext(targetId), {
          changes: body.changes,
          rewrite: body.rewrite,
          actor,
          action: 'config-set',
          note: `cluster ${group.target.name}, ${body.scope}`,
        });
        results.push({ ...base, ok: true, status: 200, ...outcome, error: null });
      } catch (error) {
        const appError = error instanceof AppError ? error : new AppError('internal', 'internal error (see the server log)');
        results.push({
          ...base,
          ok: false,
          status: appError.status,
          error: appError.message,
          fields: appError.details.fields,
          auditId: appError.details.auditId ?? null,
        });
      }
    }
    return Response.json({ allApplied: results.every((r) => r.ok), results } satisfies ClusterApplyResult, { headers: NO_STORE });
  });
}
