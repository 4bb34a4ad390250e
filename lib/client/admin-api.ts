import { z } from 'zod';
import { requestJson, type ApiResult } from './request-json';
import {
  auditListSchema,
  clusterApplyResultSchema,
  type ClusterApplyResult,
  configApplyResultSchema,
  configViewSchema,
  sessionStateSchema,
  windowListSchema,
  windowViewSchema,
  type AuditList,
  type ConfigApplyResult,
  type ConfigView,
  type SessionState,
  type WindowList,
  type WindowView,
} from '@/lib/admin-schema';
import type { RawValue } from '@/lib/config-params';
import type { WindowSpec } from '@/lib/windows';

/**
 * The browser's door to the write side of the API: same-origin JSON requests whose answers are
 * checked against the shared schemas. Never throws: every outcome is a value the UI can show.
 * The admin token is sent once, by `signIn`; afterwards the httpOnly session cookie does the work.
 */

export type { ApiFailure, ApiResult } from './request-json';

export const windowCreatedSchema = z.object({ window: windowViewSchema });
export const windowDeletedSchema = z.object({ deleted: z.string(), restored: z.boolean() });
export type WindowDeleted = z.infer<typeof windowDeletedSchema>;

const target = (targetId: string) => `/api/targets/${encodeURIComponent(targetId)}`;

export function getSession(): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateSchema);
}

/** Posts the token once; the server answers with an httpOnly cookie. The caller must not keep the token. */
export function signIn(token: string): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateSchema, { method: 'POST', body: { token } });
}

export function signOut(): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateSchema, { method: 'DELETE' });
}

export function getConfigView(targetId: string): Promise<ApiResult<ConfigView>> {
  return requestJson(`${target(targetId)}/config`, configViewSchema);
}

/** The same change on every primary (or node) of a cluster, with one result per node. */
export function applyClusterConfig(clusterId: string, changes: Record<string, RawValue>, rewrite: boolean, scope: 'primaries' | 'all'): Promise<ApiResult<ClusterApplyResult>> {
  return requestJson(`/api/clusters/${encodeURIComponent(clusterId)}/config`, clusterApplyResultSchema, { method: 'POST', body: { changes, rewrite, scope } });
}

export function applyConfig(targetId: string, changes: Record<string, RawValue>, rewrite: boolean): Promise<ApiResult<ConfigApplyResult>> {
  return requestJson(`${target(targetId)}/config`, configApplyResultSchema, { method: 'POST', body: { changes, rewrite } });
}

export function getAudit(targetId: string, limit = 200): Promise<ApiResult<AuditList>> {
  return requestJson(`/api/audit?target=${encodeURIComponent(targetId)}&limit=${limit}`, auditListSchema);
}

export function revertAuditEntry(entryId: string): Promise<ApiResult<ConfigApplyResult>> {
  return requestJson(`/api/audit/${encodeURIComponent(entryId)}/revert`, configApplyResultSchema, { method: 'POST' });
}

export function getWindows(targetId: string): Promise<ApiResult<WindowList>> {
  return requestJson(`${target(targetId)}/windows`, windowListSchema);
}

export async function createWindow(targetId: string, spec: WindowSpec): Promise<ApiResult<WindowView>> {
  return unwrapWindow(await requestJson(`${target(targetId)}/windows`, windowCreatedSchema, { method: 'POST', body: spec }));
}

/** A one-off window from now for `minutes`, applying `preset` (and activedefrag yes) while it runs. */
export async function runWindowNow(targetId: string, minutes: number, preset: string): Promise<ApiResult<WindowView>> {
  const body = { runNowMinutes: minutes, preset };
  return unwrapWindow(await requestJson(`${target(targetId)}/windows`, windowCreatedSchema, { method: 'POST', body }));
}

export function deleteWindow(targetId: string, windowId: string): Promise<ApiResult<WindowDeleted>> {
  return requestJson(`${target(targetId)}/windows?id=${encodeURIComponent(windowId)}`, windowDeletedSchema, { method: 'DELETE' });
}

function unwrapWindow(result: ApiResult<{ window: WindowView }>): ApiResult<WindowView> {
  return result.ok ? { ok: true, data: result.data.window } : result;
}
