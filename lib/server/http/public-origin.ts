import 'server-only';

/** `name[:port]` or `[v6][:port]`: nothing that could end a Markdown link or smuggle a path. */
const HOST = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/i;

/**
 * The origin the user reached us at (behind a proxy: its forwarded host and scheme), for links
 * that leave the page (the comparison's permalink). Only http(s), and only a host name that
 * FRAGSCOPE_ALLOWED_HOSTS allows (scripts/serve.mjs already refused any other Host; with no list
 * set, a well-formed one). Null when the request names none acceptable: the caller links relatively.
 */
export function publicOrigin(request: Request, allowedHosts: readonly string[] | null): string | null {
  const url = new URL(request.url);
  const rawHost = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host') || url.host;
  const proto = (request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || url.protocol.replace(':', '')).toLowerCase();
  if (proto !== 'http' && proto !== 'https') return null;
  const match = HOST.exec(rawHost);
  if (!match) return null;
  const name = (match[1] ?? match[2]!).toLowerCase();
  if (allowedHosts && !allowedHosts.includes('*') && !allowedHosts.includes(name)) return null;
  return `${proto}://${rawHost.toLowerCase()}`;
}
