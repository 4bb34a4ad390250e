import type { RawValue } from '@/lib/config-params';
import type { ConfigApplyResult, ConfigView } from '@/lib/config-params/api-schema';
import type { ClusterApplyResult } from '@/lib/fleet/api-schema';
import type { SessionState } from '@/lib/session/api-schema';
import type { WindowSpec } from '@/lib/windows';
import type { WindowCreated, WindowDeleted, WindowView } from '@/lib/windows/api-schema';
import { clusterApplyResultLazy, configApplyResultLazy, configViewLazy, sessionStateLazy, windowCreatedLazy, windowDeletedLazy } from './lazy-schemas';
import { requestJson, type ApiResult } from './request-json';

/**
 * The browser's door to the write side of the API (session, config, audit, windows): where each
 * resource lives, and same-origin JSON requests whose answers are checked against the shared
 * schemas. Never throws: every outcome is a value the UI can show. The admin token is sent once,
 * by `signIn`; afterwards the httpOnly session cookie does the work.
 */

const target = (targetId: string) => `/api/targets/${encodeURIComponent(targetId)}`;

/** GET: configViewSchema. */
export const configUrl = (targetId: string) => `${target(targetId)}/config`;
/** GET: auditListSchema, newest first. */
export interface AuditQuery {
  actor?: string;
  result?: string;
  /** An entry id: the page older than it (a list's `nextBefore`). */
  before?: string;
  limit?: number;
}
export const auditUrl = (targetId: string, query: AuditQuery = {}) => {
  const params = new URLSearchParams({ target: targetId, limit: String(query.limit ?? 200) });
  if (query.actor) params.set('actor', query.actor);
  if (query.result) params.set('result', query.result);
  if (query.before) params.set('before', query.before);
  return `/api/audit?${params.toString()}`;
};
/** GET: windowListSchema. */
export const windowsUrl = (targetId: string) => `${target(targetId)}/windows`;

export function getSession(): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateLazy);
}

/** Posts the token once; the server answers with an httpOnly cookie. The caller must not keep the token. */
export function signIn(token: string): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateLazy, { method: 'POST', body: { token } });
}

export function signOut(): Promise<ApiResult<SessionState>> {
  return requestJson('/api/session', sessionStateLazy, { method: 'DELETE' });
}

/** One fresh read (the revert guard judges against what the server holds at the click). */
export function getConfigView(targetId: string): Promise<ApiResult<ConfigView>> {
  return requestJson(configUrl(targetId), configViewLazy);
}

/** The same change on every primary (or node) of a cluster, with one result per node. */
export function applyClusterConfig(
  clusterId: string,
  changes: Record<string, RawValue>,
  rewrite: boolean,
  scope: 'primaries' | 'all',
): Promise<ApiResult<ClusterApplyResult>> {
  return requestJson(`/api/clusters/${encodeURIComponent(clusterId)}/config`, clusterApplyResultLazy, { method: 'POST', body: { changes, rewrite, scope } });
}

export function applyConfig(targetId: string, changes: Record<string, RawValue>, rewrite: boolean): Promise<ApiResult<ConfigApplyResult>> {
  return requestJson(configUrl(targetId), configApplyResultLazy, { method: 'POST', body: { changes, rewrite } });
}

export function revertAuditEntry(entryId: string): Promise<ApiResult<ConfigApplyResult>> {
  return requestJson(`/api/audit/${encodeURIComponent(entryId)}/revert`, configApplyResultLazy, { method: 'POST' });
}

export async function createWindow(targetId: string, spec: WindowSpec): Promise<ApiResult<WindowView>> {
  return unwrapWindow(await requestJson(windowsUrl(targetId), windowCreatedLazy, { method: 'POST', body: spec }));
}

/** A one-off window from now for `minutes`, applying `preset` (and activedefrag yes) while it runs. */
export async function runWindowNow(targetId: string, minutes: number, preset: string): Promise<ApiResult<WindowView>> {
  const body = { runNowMinutes: minutes, preset };
  return unwrapWindow(await requestJson(windowsUrl(targetId), windowCreatedLazy, { method: 'POST', body }));
}

export function deleteWindow(targetId: string, windowId: string): Promise<ApiResult<WindowDeleted>> {
  return requestJson(`${windowsUrl(targetId)}?id=${encodeURIComponent(windowId)}`, windowDeletedLazy, { method: 'DELETE' });
}

function unwrapWindow(result: ApiResult<WindowCreated>): ApiResult<WindowView> {
  return result.ok ? { ok: true, data: result.data.window } : result;
}
