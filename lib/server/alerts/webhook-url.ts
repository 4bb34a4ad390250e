import 'server-only';

export const ALERT_WEBHOOK_ENV = 'FRAGSCOPE_ALERT_WEBHOOK';

/** Where alerts are POSTed. `url` carries no credentials; `display` is safe to log (scheme and host only). */
export interface WebhookTarget {
  url: string;
  /** `https://hooks.example.com`: path and query may hold a secret token (Slack-style URLs do). */
  display: string;
  /** From `user:password@` in the URL: fetch() refuses URLs with credentials, so they move to a header. */
  authorization: string | null;
}

export type WebhookUrlResult = { ok: true; target: WebhookTarget | null } | { ok: false; problem: string };

/** Unset or blank: no webhook. Problems never quote the URL, which may hold a secret. */
export function parseWebhookUrl(raw: string | undefined): WebhookUrlResult {
  const text = raw?.trim();
  if (!text) return { ok: true, target: null };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, problem: `${ALERT_WEBHOOK_ENV} is not a URL (expected http(s)://host[:port]/path)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `${ALERT_WEBHOOK_ENV} must be an http:// or https:// URL (got ${url.protocol}//)` };
  }
  if (url.hostname === '') return { ok: false, problem: `${ALERT_WEBHOOK_ENV} has no host` };
  const authorization =
    url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : null;
  url.username = '';
  url.password = '';
  return { ok: true, target: { url: url.toString(), display: `${url.protocol}//${url.host}`, authorization } };
}
