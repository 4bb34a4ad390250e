import 'server-only';
import { AUDIT_RESULTS, type AuditList, type AuditResult } from '@/lib/audit/api-schema';
import type { ConfigApplyResult } from '@/lib/config-params/api-schema';
import { requireWriter } from '../session/admin-guard';
import { applyConfigChange } from '../config/config-apply';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { getHub } from '../core/hub';

const AUDIT_ID = /^[a-z0-9]{1,16}-[a-f0-9]{8}$/;
/** Entry ids with a revert in flight in this process. */
const reverting = new Set<string>();

/**
 * GET /api/audit?target=<id>&actor=<label>&result=<result>&before=<entry id>&limit=<n>: newest
 * first; `nextBefore` in the answer pages on. Read-only viewers see the log too.
 */
export function auditListResponse(request: Request): Promise<Response> {
  return handle(async () => {
    const params = new URL(request.url).searchParams;
    const target = params.get('target');
    if (target !== null) findPoller(target); // an unknown target is a 404, not an empty list
    const rawLimit = params.get('limit');
    const limit = rawLimit === null ? 200 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new AppError('bad_request', 'limit must be a whole number from 1 to 5000');
    const actor = params.get('actor');
    if (actor !== null && (actor.length === 0 || actor.length > 64)) throw new AppError('bad_request', 'actor must be 1 to 64 characters');
    const result = params.get('result');
    if (result !== null && !(AUDIT_RESULTS as readonly string[]).includes(result)) {
      throw new AppError('bad_request', `result must be one of ${AUDIT_RESULTS.join(', ')}`);
    }
    const before = params.get('before');
    if (before !== null && !AUDIT_ID.test(before)) throw new AppError('bad_request', 'before must be an audit entry id (nextBefore of the previous page)');
    const list: AuditList = await getHub().audit.list({
      targetId: target ?? undefined,
      actor: actor ?? undefined,
      result: (result as AuditResult | null) ?? undefined,
      before: before ?? undefined,
      limit,
    });
    return Response.json(list, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** POST /api/audit/{entryId}/revert: set the entry's parameters back to their values before it. */
export function auditRevertResponse(entryId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const hub = getHub();
    const actor = requireWriter(request, hub.config.adminTokens);
    const entry = AUDIT_ID.test(entryId) ? await hub.audit.get(entryId) : null;
    if (!entry) throw new AppError('not_found', `no audit entry "${entryId.slice(0, 40)}"`);
    const poller = findPoller(entry.targetId);
    if (poller.target.readonly) throw new AppError('forbidden', `${poller.target.name} is configured read-only: the dashboard never writes to it`);
    const changes = Object.fromEntries(Object.entries(entry.before).filter((e): e is [string, string] => e[1] !== null));
    // An unknown outcome may have landed: its `before` is exact, and reverting what did not land changes nothing.
    if ((entry.result !== 'applied' && entry.result !== 'unknown') || Object.keys(changes).length === 0) {
      throw new AppError('conflict', 'this entry changed no setting, so there is nothing to revert');
    }
    // A second revert would write a "nothing to change" entry at best, and undo later changes at worst.
    // Two clicks at once: the second waits for nothing and is refused like a later one.
    if (reverting.has(entry.id)) throw new AppError('conflict', `entry ${entry.id} is being reverted right now`);
    reverting.add(entry.id);
    try {
      const revertedBy = await hub.audit.revertOf(entry.id);
      if (revertedBy) throw new AppError('conflict', `entry ${entry.id} was already reverted by ${revertedBy}`);
      const { snapshotBefore: _unused, ...result } = await applyConfigChange(hub.applyContext(entry.targetId), {
        changes,
        rewrite: false,
        actor,
        action: 'revert',
        revertOf: entry.id,
        allowNoop: true,
      });
      return Response.json(result satisfies ConfigApplyResult, { headers: { 'Cache-Control': 'no-store' } });
    } finally {
      reverting.delete(entry.id);
    }
  });
}
