import { z } from 'zod';
import {
  apiErrorSchema,
  auditListSchema,
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

export interface ApiFailure {
  /** HTTP status; 0 when no answer arrived (network down, request aborted). */
  status: number;
  error: {
    code: string;
    /** The server's text, verbatim (for 502 it is Redis's own). */
    message: string;
    fields?: Record<string, string>;
    auditId?: string;
  };
}

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export const windowCreatedSchema = z.object({ window: windowViewSchema });
export const windowDeletedSchema = z.object({ deleted: z.string(), restored: z.boolean() });
export type WindowDeleted = z.infer<typeof windowDeletedSchema>;

const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

async function request<T>(url: string, schema: z.ZodType<T>, init: { method?: string; body?: unknown } = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: init.body === undefined ? { accept: 'application/json' } : JSON_HEADERS,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch (error) {
    return fail(0, 'network', `no answer from the dashboard: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const parsed = apiErrorSchema.safeParse(body);
    if (parsed.success) return { ok: false, status: response.status, error: parsed.data.error };
    return fail(response.status, `http_${response.status}`, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : '';
    return fail(response.status, 'bad_response', `the server's answer has an unexpected shape${where}`);
  }
  return { ok: true, data: parsed.data };
}

function fail(status: number, code: string, message: string): { ok: false } & ApiFailure {
  return { ok: false, status, error: { code, message } };
}

const target = (targetId: string) => `/api/targets/${encodeURIComponent(targetId)}`;

export function getSession(): Promise<ApiResult<SessionState>> {
  return request('/api/session', sessionStateSchema);
}

/** Posts the token once; the server answers with an httpOnly cookie. The caller must not keep the token. */
export function signIn(token: string): Promise<ApiResult<SessionState>> {
  return request('/api/session', sessionStateSchema, { method: 'POST', body: { token } });
}

export function signOut(): Promise<ApiResult<SessionState>> {
  return request('/api/session', sessionStateSchema, { method: 'DELETE' });
}

export function getConfigView(targetId: string): Promise<ApiResult<ConfigView>> {
  return request(`${target(targetId)}/config`, configViewSchema);
}

export function applyConfig(targetId: string, changes: Record<string, RawValue>, rewrite: boolean): Promise<ApiResult<ConfigApplyResult>> {
  return request(`${target(targetId)}/config`, configApplyResultSchema, { method: 'POST', body: { changes, rewrite } });
}

export function getAudit(targetId: string, limit = 200): Promise<ApiResult<AuditList>> {
  return request(`/api/audit?target=${encodeURIComponent(targetId)}&limit=${limit}`, auditListSchema);
}

export function revertAuditEntry(entryId: string): Promise<ApiResult<ConfigApplyResult>> {
  return request(`/api/audit/${encodeURIComponent(entryId)}/revert`, configApplyResultSchema, { method: 'POST' });
}

export function getWindows(targetId: string): Promise<ApiResult<WindowList>> {
  return request(`${target(targetId)}/windows`, windowListSchema);
}

export async function createWindow(targetId: string, spec: WindowSpec): Promise<ApiResult<WindowView>> {
  return unwrapWindow(await request(`${target(targetId)}/windows`, windowCreatedSchema, { method: 'POST', body: spec }));
}

/** A one-off window from now for `minutes`, applying `preset` (and activedefrag yes) while it runs. */
export async function runWindowNow(targetId: string, minutes: number, preset: string): Promise<ApiResult<WindowView>> {
  const body = { runNowMinutes: minutes, preset };
  return unwrapWindow(await request(`${target(targetId)}/windows`, windowCreatedSchema, { method: 'POST', body }));
}

export function deleteWindow(targetId: string, windowId: string): Promise<ApiResult<WindowDeleted>> {
  return request(`${target(targetId)}/windows?id=${encodeURIComponent(windowId)}`, windowDeletedSchema, { method: 'DELETE' });
}

function unwrapWindow(result: ApiResult<{ window: WindowView }>): ApiResult<WindowView> {
  return result.ok ? { ok: true, data: result.data.window } : result;
}
