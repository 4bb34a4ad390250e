import 'server-only';
import { z } from 'zod';
import { configChangeRequestSchema, type ConfigApplyResult, type ConfigView } from '@/lib/config-params/api-schema';
import { availableParams } from '@/lib/config-params';
import { requireWriter } from '../session/admin-guard';
import { captureBaseline } from '../baselines/baseline-capture';
import { applyConfigChange } from './config-apply';
import { sharedRead } from './config-read-cache';
import { AppError } from '../core/errors';
import { log } from '../core/log';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { getHub } from '../core/hub';
import { parseWith, readJsonBody } from '../http/read-json-body';
import { versionAtLeast } from '@/lib/decision/version';
import { writeAccess } from '../session/write-access';

const NO_STORE = { 'Cache-Control': 'no-store' };
/** GET /api/targets/{id}/config: what the server holds now and whether this viewer may change it. */
export function configViewResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const hub = getHub();
    const { target } = poller;
    const read = await sharedRead(target, hub.config.tlsCa);
    await hub.windows.load();
    const active = hub.windows.active(target.id);
    const view: ConfigView = {
      targetId: target.id,
      targetName: target.name,
      engine: read.identity.engine,
      version: read.identity.version,
      params: availableParams(read.identity, read.configUnavailable ? undefined : new Set(read.values.keys())).map((p) => p.name),
      values: Object.fromEntries(read.values),
      configFile: read.configFile,
      atomicSet: read.identity.engine === 'valkey' || versionAtLeast(read.identity.version, 7),
      defragSupported: poller.defragSupport.supported,
      defragUnsupportedReason: poller.defragSupport.reason,
      access: writeAccess(request, hub.config.adminTokens, target, read.configUnavailable),
      activeWindow: active ? { windowId: active.windowId, end: active.end, saved: active.saved } : null,
      cluster: clusterOf(target.id, target.group?.clusterId ?? null),
    };
    return Response.json(view, { headers: NO_STORE });
  });
}

function clusterOf(targetId: string, clusterId: string | null): ConfigView['cluster'] {
  const group = clusterId ? getHub().clusters.get(clusterId) : undefined;
  if (!group) return null;
  const members = group.list();
  return {
    id: group.target.id,
    name: group.target.name,
    role: members.find((m) => m.targetId === targetId)?.node.role ?? null,
    primaries: members.filter((m) => m.node.role === 'primary').length,
    nodes: members.length,
  };
}

/** POST /api/targets/{id}/config `{ "changes": {...}, "rewrite": false }`. */
export function configChangeResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const hub = getHub();
    const actor = requireWriter(request, hub.config.adminTokens);
    if (poller.target.readonly) throw new AppError('forbidden', `${poller.target.name} is configured read-only: the dashboard never writes to it`);
    const shape = '{ "changes": { "<param>": "<value>" }, "rewrite": false }';
    const raw: unknown = await readJsonBody(request, z.unknown(), shape);
    const body = parseWith(configChangeRequestSchema, raw, shape);
    // Taken before the write: if this switches defrag on, it is the "before" of the run to come.
    const before = hub.currentSnapshot(targetId);
    const outcome = await applyConfigChange(hub.applyContext(targetId), {
      changes: ownChanges(raw, body.changes),
      rewrite: body.rewrite,
      actor,
      action: 'config-set',
    });
    const { snapshotBefore: _unused, ...result } = outcome;
    let baselineId: string | null = null;
    if (before && outcome.before.activedefrag === 'no' && outcome.after.activedefrag === 'yes') {
      const baseline = await captureBaseline(hub.baselines, before, {
        name: 'before activedefrag on',
        note: `captured automatically when ${actor} switched activedefrag on in the editor`,
        takenBy: actor,
        trigger: 'activedefrag-on',
      }).catch((error: Error) => {
        log.error(`baseline on activedefrag failed: ${error.message}`);
        return null;
      });
      baselineId = baseline?.id ?? null;
    }
    return Response.json({ ...result, baselineId } satisfies ConfigApplyResult, { headers: NO_STORE });
  });
}

/**
 * The changes with every name the JSON holds: zod's record drops a "__proto__" key silently, and
 * the operator must hear that it is not a parameter (422), not "nothing to change".
 */
function ownChanges(raw: unknown, parsed: Record<string, string | number | boolean>): Record<string, string | number | boolean> {
  const json = (raw as { changes?: unknown }).changes;
  if (typeof json !== 'object' || json === null) return parsed;
  const dropped = Object.keys(json).filter((name) => !Object.hasOwn(parsed, name));
  // Object.fromEntries defines own properties: "__proto__" stays a key, never a prototype.
  return dropped.length === 0
    ? parsed
    : Object.fromEntries([...Object.entries(parsed), ...dropped.map((name) => [name, String((json as Record<string, unknown>)[name])])]);
}
