/**
 * Serves the built dashboard: `next start` plus the guards in front of Next's router, so they
 * hold for every response, pages, API and Next's own errors alike:
 * - a path segment that is not valid percent-encoding (`/api/targets/%ZZ/snapshot`) makes Next's
 *   router answer a bare 500 before any route of ours runs (vercel/next.js#92527); here it gets the
 *   same JSON 400 as any other bad request;
 * - a Host (or X-Forwarded-Host) not in FRAGSCOPE_ALLOWED_HOSTS gets 421: a DNS-rebinding page
 *   that points its own name at this address reaches the server, but with its own name as Host;
 * - the security headers (CSP, nosniff, no framing, no referrer);
 * - the client's address for per-client limits, from the socket, never from the client.
 * Usage: node scripts/serve.mjs <port> <host>
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';
import { createStreamGate, limitFrom, STREAM_PATH } from './stream-gate.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.argv[2] ?? process.env.PORT ?? 3000);
const hostname = process.argv[3] ?? process.env.HOST ?? '127.0.0.1';

/** True when a path segment cannot be percent-decoded (Next would fail on it). */
export function undecodablePath(url) {
  const pathname = (url ?? '/').split('?')[0];
  for (const segment of pathname.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return true;
    }
  }
  return false;
}

/**
 * The dashboard's pages need inline scripts (Next's bootstrap and RSC payload) and inline styles
 * (recharts, Next's font and layout styles); nothing comes from another origin and nothing may frame it.
 */
export const SECURITY_HEADERS = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** Where scripts/lib read the client's address (lib/server/http/client-address.ts). */
const CLIENT_ADDRESS_HEADER = 'x-fragscope-client-address';

/**
 * FRAGSCOPE_ALLOWED_HOSTS: comma-separated host names (no port; `*` allows any). Default: the
 * listen address and localhost (an unspecified listen address allows only loopback names).
 */
export function allowedHosts(raw, listenHost) {
  const list = (raw ?? '')
    .split(',')
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    )
    .filter(Boolean);
  if (list.length > 0) return new Set(list);
  const defaults = ['localhost', '127.0.0.1', '::1'];
  if (listenHost && listenHost !== '0.0.0.0' && listenHost !== '::') defaults.push(listenHost.toLowerCase().replace(/^\[|\]$/g, ''));
  return new Set(defaults);
}

/** The host name of a Host header value (`name:port`, `[v6]:port`), lower-case; null if malformed. */
export function hostName(header) {
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::\d{1,5})?$/i.exec(header.trim());
  return match ? (match[1] ?? match[2]).toLowerCase() : null;
}

export function hostAllowed(header, allowed) {
  if (allowed.has('*')) return true;
  const name = header === undefined ? null : hostName(header);
  return name !== null && allowed.has(name);
}

function refuse(res, status, code, message) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const allowed = allowedHosts(process.env.FRAGSCOPE_ALLOWED_HOSTS, hostname);
const streams = createStreamGate({
  perClient: limitFrom(process.env.FRAGSCOPE_MAX_STREAMS_PER_CLIENT, 32),
  total: limitFrom(process.env.FRAGSCOPE_MAX_STREAMS, 2000),
});

const server = http.createServer((req, res) => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const forwardedHost = req.headers['x-forwarded-host']?.split(',')[0];
  if (!hostAllowed(req.headers.host, allowed) || (forwardedHost !== undefined && !hostAllowed(forwardedHost, allowed))) {
    refuse(res, 421, 'bad_request', 'this Host is not one the dashboard answers to: add it to FRAGSCOPE_ALLOWED_HOSTS');
    return;
  }
  if (undecodablePath(req.url)) {
    refuse(res, 400, 'bad_request', 'the URL path is not valid percent-encoding');
    return;
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  req.headers[CLIENT_ADDRESS_HEADER] = address;
  if (req.method === 'GET' && STREAM_PATH.test(req.url ?? '')) {
    const slot = streams.admit(address);
    if (slot.refused) {
      res.setHeader('retry-after', '5');
      refuse(res, 429, 'rate_limited', slot.refused);
      return;
    }
    // 'close' fires however the stream ends: the client left, the server closed it, or an error.
    res.once('close', slot.release);
  }
  handle(req, res).catch((error) => {
    console.error('[fragscope] request failed:', error instanceof Error ? error.message : error);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'internal', message: 'internal error (see the server log)' } }));
  });
});

server.listen(port, hostname, () => console.log(`▲ Fragscope ready on http://${hostname}:${port}`));

// The hub closes every stream on SIGTERM/SIGINT; then the server finishes and the process ends.
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections?.();
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
