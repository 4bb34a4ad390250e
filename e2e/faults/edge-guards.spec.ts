import http from 'node:http';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { startRedis } from '../../scripts/harness/redis-process';
import { treeRssBytes } from '../../scripts/harness/procfs';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { MiB, sleep, STACK_FRAME } from './fault-support';

/**
 * Fault suite: the front door (issue 15, items 8, 11, 12 and 15). A 200 MiB chunked body to the
 * unauthenticated sign-in, token guessing, session cookies after sign-out and in other spellings,
 * security headers on every kind of response, and Host names a DNS-rebinding page would send.
 */

const TOKEN = 'edge-guard-token-0123456789abcdef';
const LABEL = 'ops.eu'; // a dot is allowed by the label rule and must not break the cookie

function appWith(redisUrl: string, extra: Record<string, string> = {}): Promise<AppProcess> {
  return startApp({ REDIS_URL: redisUrl, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: `${LABEL}:${TOKEN}`, ...extra });
}

/** One raw HTTP request, so the test controls Host and every other header (fetch does not allow it). */
function rawRequest(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * POSTs `totalBytes` of chunked JSON-ish text (no Content-Length) and keeps sending after the
 * answer, as an attacker would, until all is sent or the server closes. Samples the app's RSS.
 */
function chunkedFlood(port: number, totalBytes: number, appPid: number) {
  return new Promise<{ status: number; sent: number; peakRss: number; body: string }>((resolve, reject) => {
    let peakRss = treeRssBytes(appPid);
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssBytes(appPid))), 25);
    let status = 0;
    let body = '';
    let sent = 0;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(sampler);
      resolve({ status, sent, peakRss: Math.max(peakRss, treeRssBytes(appPid)), body });
    };
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/session', headers: { 'content-type': 'application/json' } }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
    });
    req.on('error', () => finish()); // the server hung up on the rest: that is allowed
    req.on('close', finish);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    req.write('{"token":"');
    const pump = () => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end('"}');
    };
    pump();
    setTimeout(() => {
      req.destroy();
      reject(new Error(`the flood did not finish in 60 s (${sent} bytes sent, status ${status})`));
    }, 60_000).unref();
  });
}

test('a 200 MiB chunked body to POST /api/session is refused with 413 and RSS grows less than 32 MiB', async ({ redis }) => {
  test.setTimeout(120_000);
  const app = await appWith(redis.url);
  try {
    await waitForSample(app.url);
    const pid = app.child.pid!;
    // Warm up the route (first compile of its chunk, buffers), then the baseline.
    expect(
      (await rawRequest(app.port, { method: 'POST', path: '/api/session', body: '{"token":"x"}', headers: { 'content-type': 'application/json' } })).status,
    ).toBe(401);
    await sleep(500);
    const baseline = treeRssBytes(pid);
    const flood = await chunkedFlood(app.port, 200 * MiB, pid);
    const growth = flood.peakRss - baseline;
    console.log(
      `[faults] 200 MiB chunked sign-in body: status ${flood.status}, ${(flood.sent / MiB).toFixed(0)} MiB sent, RSS baseline ${(baseline / MiB).toFixed(1)} MiB, ` +
        `peak ${(flood.peakRss / MiB).toFixed(1)} MiB (+${(growth / MiB).toFixed(1)} MiB)`,
    );
    expect(flood.status).toBe(413);
    expect(JSON.parse(flood.body).error.code).toBe('too_large');
    expect(growth).toBeLessThan(32 * MiB);
    // Still serving.
    expect((await fetch(`${app.url}/api/health`)).status).toBe(200);
    expect(app.output()).not.toMatch(STACK_FRAME);
  } finally {
    await app.kill();
  }
});

test('wrong tokens back off per address: 429 with Retry-After after 5, even for the right token; logged without the guess', async ({ redis }) => {
  const app = await appWith(redis.url);
  try {
    const signIn = (token: string) =>
      fetch(`${app.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
    const guesses = Array.from({ length: 5 }, (_, i) => `guess-${i}-not-the-token-xyz`);
    for (const guess of guesses) expect((await signIn(guess)).status).toBe(401);
    const limited = await signIn(TOKEN);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Bearer guesses count against the same address, and are refused the same way.
    const bearer = await fetch(`${app.url}/api/targets/default/config`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: { 'active-defrag-cycle-max': '20' } }),
    });
    expect(bearer.status).toBe(429);
    const log = app.output();
    expect(log.match(/wrong admin token \(sign-in\) from 127\.0\.0\.1/g)).toHaveLength(5);
    for (const guess of guesses) expect(log).not.toContain(guess);
    expect(log).not.toContain(TOKEN);
  } finally {
    await app.kill();
  }
});

test('a dotted token label keeps its session; sign-out revokes it server-side; other spellings of a cookie are refused', async ({ redis }) => {
  const app = await appWith(redis.url);
  try {
    const signIn = await fetch(`${app.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(signIn.status).toBe(200);
    const cookie = /fragscope_session=([^;]+)/.exec(signIn.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toBeTruthy();
    const who = async (value: string) => {
      const response = await fetch(`${app.url}/api/session`, { headers: { cookie: `fragscope_session=${value}` } });
      return ((await response.json()) as { signedInAs: string | null }).signedInAs;
    };
    // A write with the cookie passes the guard (the dotted label used to give 401 on every request).
    const write = (value: string) =>
      fetch(`${app.url}/api/targets/default/baselines`, {
        method: 'POST',
        headers: { cookie: `fragscope_session=${value}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'edge guard' }),
      });
    expect(await who(cookie!)).toBe(LABEL);
    await waitForSample(app.url);
    expect((await write(cookie!)).status).toBe(201);

    // The same cookie in other spellings: each refused.
    const [version, label, expires, id, mac] = cookie!.split('.');
    for (const variant of [
      [version, label, `${expires}e0`, id, mac].join('.'),
      [version, label, `0${expires}`, id, mac].join('.'),
      [version, `%${label!.charCodeAt(0).toString(16)}${label!.slice(1)}`, expires, id, mac].join('.'),
      `${cookie}.extra`,
    ]) {
      expect(await who(variant), variant).toBeNull();
    }

    // Sign out, then replay the copied cookie: 401.
    const signOut = await fetch(`${app.url}/api/session`, { method: 'DELETE', headers: { cookie: `fragscope_session=${cookie}` } });
    expect(signOut.status).toBe(200);
    expect(await who(cookie!)).toBeNull();
    expect((await write(cookie!)).status).toBe(401);
  } finally {
    await app.kill();
  }
});

test('security headers on pages, API answers and errors; only allowed Host names are answered', async ({ redis, page }) => {
  const app = await appWith(redis.url);
  const other = await startRedis();
  const listed = await startApp({ REDIS_URL: other.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ALLOWED_HOSTS: 'dash.example.com' });
  try {
    const host = `127.0.0.1:${app.port}`;
    for (const path of ['/', '/api/health', '/api/targets/nope/snapshot', '/api/targets/%ZZ/snapshot', '/no-such-page']) {
      const response = await rawRequest(app.port, { path, headers: { host } });
      expect(response.headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(response.headers['content-security-policy'], path).toContain("default-src 'self'");
      expect(response.headers['x-content-type-options'], path).toBe('nosniff');
      expect(response.headers['x-frame-options'], path).toBe('DENY');
      expect(response.headers['referrer-policy'], path).toBe('no-referrer');
    }
    // DNS rebinding: the attacker's name as Host (or forwarded host) is refused; loopback names are not.
    expect((await rawRequest(app.port, { path: '/api/health', headers: { host: `rebind.evil.example:${app.port}` } })).status).toBe(421);
    expect((await rawRequest(app.port, { path: '/api/health', headers: { host, 'x-forwarded-host': 'rebind.evil.example' } })).status).toBe(421);
    const refused = await rawRequest(app.port, { path: '/', headers: { host: 'rebind.evil.example' } });
    expect(refused.status).toBe(421);
    expect(refused.headers['x-frame-options']).toBe('DENY');
    expect(refused.body).not.toContain('<html');
    expect((await rawRequest(app.port, { path: '/api/health', headers: { host: `localhost:${app.port}` } })).status).toBe(200);
    // With FRAGSCOPE_ALLOWED_HOSTS set, exactly those names.
    expect((await rawRequest(listed.port, { path: '/api/health', headers: { host: `dash.example.com:${listed.port}` } })).status).toBe(200);
    expect((await rawRequest(listed.port, { path: '/api/health', headers: { host: `127.0.0.1:${listed.port}` } })).status).toBe(421);

    // The dashboard works under its CSP in Chromium: figures arrive, nothing is blocked.
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await waitForSample(app.url);
    await page.goto(app.url);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('gauge-rss-ratio')).not.toHaveText('—');
    await expect(page.getByTestId('history-section')).toBeVisible();
    await sleep(1500);
    expect(violations).toEqual([]);
  } finally {
    await Promise.all([app.kill(), listed.kill()]);
    await other.kill();
  }
});
