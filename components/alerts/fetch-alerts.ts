import { alertsListSchema, type AlertsList } from '@/lib/alerts/api-schema';

export type AlertsResult = { ok: true; data: AlertsList } | { ok: false; message: string };

/** `GET /api/alerts`, checked against the shared schema. Never throws: a failure is a value to show. */
export async function fetchAlerts(targetId?: string, signal?: AbortSignal): Promise<AlertsResult> {
  const url = targetId ? `/api/alerts?target=${encodeURIComponent(targetId)}` : '/api/alerts';
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', headers: { accept: 'application/json' }, signal });
  } catch (error) {
    return { ok: false, message: `no answer from the dashboard (${error instanceof Error ? error.message : String(error)})` };
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | undefined)?.error?.message;
    return { ok: false, message: typeof message === 'string' ? message : `HTTP ${response.status}` };
  }
  const parsed = alertsListSchema.safeParse(body);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: 'the server answered in an unexpected shape' };
}
