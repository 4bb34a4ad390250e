/**
 * Serves the built dashboard: `next start` plus one guard in front of Next's router. A path
 * segment that is not valid percent-encoding (`/api/targets/%ZZ/snapshot`) makes Next's router
 * answer a bare 500 before any route of ours runs (vercel/next.js#92527); here it gets the same
 * JSON 400 as any other bad request. Usage: node scripts/serve.mjs <port> <host>
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import next from 'next';

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

const app = next({ dev: false, dir: root, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  if (undecodablePath(req.url)) {
    const body = JSON.stringify({ error: { code: 'bad_request', message: 'the URL path is not valid percent-encoding' } });
    res.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
    return;
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
