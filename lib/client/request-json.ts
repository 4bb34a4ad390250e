import type { ApiErrorBody } from '@/lib/api-error';
import { resolveSchema, type SchemaRef } from './lazy-schema';
import { apiErrorLazy } from './lazy-schemas';

/**
 * One same-origin JSON request whose answer is checked against a schema before the UI sees it.
 * Never throws: a failure is a value holding the server's own text (for a 502, Redis's).
 */

/** The browser's one failure shape, whatever went wrong: the server's error body, or what we saw instead. */
export type ApiFailure = ApiErrorBody['error'] & {
  /** HTTP status; 0 when no answer arrived (network down, request aborted). */
  status: number;
  /** The server's `error.code`, or `network` / `bad_response` / `http_<status>`. */
  code: string;
};

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ApiFailure);

export interface RequestOptions {
  method?: string;
  /** Sent as JSON. */
  body?: unknown;
  signal?: AbortSignal;
}

export async function requestJson<T>(url: string, schema: SchemaRef<T>, init: RequestOptions = {}): Promise<ApiResult<T>> {
  // Loaded beside the request, not after it (a lazy schema's first use fetches its chunk).
  const answerSchema = resolveSchema(schema);
  answerSchema.catch(() => undefined);
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      credentials: 'same-origin',
      cache: 'no-store',
      headers: init.body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (error) {
    return failure(0, 'network', `no answer from the dashboard: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const errorSchema = await resolveSchema(apiErrorLazy).catch(() => null);
    const parsed = errorSchema?.safeParse(body);
    if (parsed?.success) return { ok: false, status: response.status, ...parsed.data.error };
    return failure(response.status, `http_${response.status}`, `HTTP ${response.status} ${response.statusText}`.trim());
  }
  const checker = await answerSchema.catch(() => null);
  if (checker === null) return failure(response.status, 'network', 'the page could not load the code that checks this answer (reload the page)');
  const parsed = checker.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? ` (${issue.path.join('.') || 'body'}: ${issue.message})` : '';
    return failure(response.status, 'bad_response', `the server's answer has an unexpected shape${where}`);
  }
  return { ok: true, data: parsed.data };
}

export function failure(status: number, code: string, message: string): { ok: false } & ApiFailure {
  return { ok: false, status, code, message };
}
