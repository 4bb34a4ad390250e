import 'server-only';
import { effectiveRules, type AlertHistoryResponse, type AlertsList } from '@/lib/alerts/api-schema';
import { alertHistoryQuerySchema } from '@/lib/alerts/history';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { getHub } from '../core/hub';
import type { AlertManager } from './alert-manager';
import { alertingFor } from './hub-alerts';

/** GET /api/alerts[?target=<id>]: the firing alerts and the effective rules. Never throws. */
export function alertsResponse(request: Request): Promise<Response> {
  return handle(async () => {
    const target = new URL(request.url).searchParams.get('target');
    // An unknown target is a 404, not an empty list that reads as "all clear".
    if (target !== null) findPoller(target);
    const manager = alertingFor(getHub());
    const active = await manager.activeEverywhere(target ?? undefined);
    const body = { ...alertsList(manager, target ?? undefined), active } satisfies AlertsList;
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  });
}

export function alertsList(manager: Pick<AlertManager, 'now' | 'active' | 'rules' | 'webhookConfigured'>, targetId?: string): AlertsList {
  return {
    now: manager.now(),
    active: manager.active(targetId),
    rules: effectiveRules(manager.rules),
    webhook: { configured: manager.webhookConfigured },
  };
}

/** GET /api/alerts/history[?target=&rule=&page=&pageSize=]: fired and resolved alerts, newest first. */
export function alertHistoryResponse(request: Request): Promise<Response> {
  return handle(async () => {
    const parsed = alertHistoryQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      throw new AppError('invalid', `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`);
    }
    // A target that has gone keeps its history: the filter is a plain match, not a lookup.
    const body = await alertingFor(getHub()).history(parsed.data);
    return Response.json(body satisfies AlertHistoryResponse, { headers: { 'Cache-Control': 'no-store' } });
  });
}
