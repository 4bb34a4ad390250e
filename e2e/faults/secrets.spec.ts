import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { freePort } from '../../scripts/harness/free-port';
import { startRedis, type RedisProcess } from '../../scripts/harness/redis-process';
import { expect, POLL_MS, test } from '../support/fixtures';
import { openStream } from '../support/sse-client';
import { sleep } from './fault-support';

/**
 * Fault suite 7: secrets. A password-protected Redis, the same password in the URLs of an
 * unreachable target and of a server with another password, and FRAGSCOPE_ADMIN_TOKEN set.
 * Every route is called, on every target, on its happy and its error paths (wrong token, bad
 * input, unreachable server); the dashboard is opened in Chromium and signed in through its form.
 * Neither secret may appear in any response body or header, SSE event, page, log line or data file.
 */

// Characters that URLs must encode, so both spellings of the password are looked for.
const PASSWORD = 'Fault#S3cr3t/p@ss-7d1e';
const TOKEN = 'Fault-Adm1n-t0ken-never-shown-4567';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const WRONG = { authorization: 'Bearer wrong-token-0123456789abcdef' };
/** Loopback addresses (all of 127/8 is local on Linux) for the wrong-token calls, so their backoff spares the test's own address. */
const GUESSER = '127.0.0.2';
const SIGN_IN_GUESSER = '127.0.0.3';

/** One request from a chosen local address (fetch cannot pick one). */
function callFrom(localAddress: string, method: string, url: string, init: { body?: unknown; headers?: Record<string, string> }) {
  const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
  return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const req = http.request(
      url,
      { method, localAddress, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

test('secrets: the Redis password and the admin token are in no response, header, event, page, log line or file', async ({ page }) => {
  test.setTimeout(90_000);
  const forbidden: [string, string][] = [
    [PASSWORD, 'the Redis password'],
    [encodeURIComponent(PASSWORD), 'the Redis password, URL-encoded'],
    [TOKEN, 'the admin token'],
    [Buffer.from(TOKEN).toString('base64'), 'the admin token in base64'],
  ];
  const server = await startRedis({ password: PASSWORD });
  const other = await startRedis({ password: 'another-password-entirely' });
  const nobody = await freePort(); // nothing listens here
  const secretUrl = (port: number) => `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
  const redisServers: RedisProcess[] = [server, other];
  let app: AppProcess | null = null;
  const seen: { where: string; text: string }[] = [];
  try {
    app = await startApp({
      FRAGSCOPE_TARGETS: `main=${server.url},down=${secretUrl(nobody)},wrong=${secretUrl(other.port)}`,
      FRAGSCOPE_POLL_MS: String(POLL_MS),
      FRAGSCOPE_ADMIN_TOKEN: TOKEN,
    });
    const base = app.url;
    let calls = 0;
    const call = async (method: string, route: string, init: { body?: unknown; headers?: Record<string, string>; from?: string } = {}) => {
      calls++;
      if (init.from) {
        const answer = await callFrom(init.from, method, base + route, init);
        seen.push({ where: `${method} ${route} (${answer.status}, from ${init.from})`, text: `${JSON.stringify(answer.headers)}\n${answer.text}` });
        return { ...answer, json: () => JSON.parse(answer.text) as Record<string, unknown> };
      }
      const response = await fetch(base + route, {
        method,
        headers: { ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
        body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await response.text();
      seen.push({ where: `${method} ${route} (${response.status})`, text: `${JSON.stringify([...response.headers])}\n${text}` });
      return { status: response.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
    };

    // Each target's first sample: good, refused (connection refused), and WRONGPASS.
    await expect
      .poll(async () => {
        const first = await call('GET', '/api/targets/main/snapshot');
        return first.status === 200 && first.json().ok === true;
      })
      .toBe(true);
    for (const id of ['down', 'wrong']) await expect.poll(async () => (await call('GET', `/api/targets/${id}/snapshot`)).status).toBe(200);
    const wrongSnapshot = (await call('GET', '/api/targets/wrong/snapshot')).json();
    expect(wrongSnapshot.error).toMatch(/WRONGPASS|invalid password|NOAUTH/i);
    const downSnapshot = (await call('GET', '/api/targets/down/snapshot')).json();
    expect(downSnapshot.error).toMatch(/ECONNREFUSED/);

    // Streams of all three, a few samples each.
    const events: string[] = [];
    const streams = await Promise.all(
      ['main', 'down', 'wrong'].map((id) => openStream(`${base}/api/targets/${id}/stream`, (e) => events.push(`${id} ${e.event} ${e.data}`))),
    );
    await sleep(1500);
    streams.forEach((s) => s.close());
    seen.push(...events.map((text) => ({ where: 'SSE event', text })), ...streams.map((s) => ({ where: 'SSE headers', text: JSON.stringify([...s.headers]) })));
    expect(events.filter((e) => e.startsWith('down snapshot')).length).toBeGreaterThanOrEqual(2);

    // Every read route, on every target.
    for (const route of ['/api/health', '/api/targets', '/api/fleet', '/api/metrics', '/api/alerts', '/api/clusters', '/api/session']) await call('GET', route);
    for (const id of ['main', 'down', 'wrong']) {
      for (const r of ['snapshot', 'decision', 'history', 'runs', 'lab', 'config', 'windows', 'baselines']) {
        await call('GET', `/api/targets/${id}/${r}`);
        await call('GET', `/api/targets/${id}/${r}`, { headers: AUTH });
      }
      await call('POST', '/api/decision/what-if', { body: { targetId: id, config: { 'active-defrag-threshold-lower': 5 } } });
      await call('GET', `/api/alerts?target=${id}`);
      await call('GET', `/api/audit?target=${id}`);
    }

    // Error paths of every write: no token, a wrong token, a cross-origin request, bad input.
    const writes: [string, string, unknown][] = [
      ['POST', '/api/targets/main/config', { changes: { 'active-defrag-cycle-max': '20' } }],
      ['POST', '/api/targets/main/baselines', { name: 'secret check' }],
      ['POST', '/api/targets/main/windows', { runNowMinutes: 5, preset: 'low-latency' }],
      ['DELETE', '/api/targets/main/windows?id=w-000000000000', undefined],
      ['POST', '/api/audit/lz000000a-00000000/revert', undefined],
      ['POST', '/api/clusters/main/config', { changes: { 'active-defrag-cycle-max': '20' } }],
    ];
    for (const [method, route, body] of writes) {
      expect((await call(method, route, { body })).status, `${method} ${route} without a token`).toBeGreaterThanOrEqual(400);
      // From another loopback address: wrong tokens back off their address (429 after 5), and this one must stay usable.
      expect((await call(method, route, { body, headers: WRONG, from: GUESSER })).status, `${method} ${route} with a wrong token`).toBeGreaterThanOrEqual(400);
      await call(method, route, { body, headers: { ...AUTH, origin: 'https://evil.example' } });
    }
    expect((await call('POST', '/api/session', { body: { token: 'wrong-token-0123456789abcdef' }, from: SIGN_IN_GUESSER })).status).toBe(401);
    // Someone tries the Redis password as the admin token, or writes it in a torn body: refused, not echoed.
    expect((await call('POST', '/api/session', { body: { token: PASSWORD }, from: SIGN_IN_GUESSER })).status).toBe(401);
    expect((await call('POST', '/api/targets/main/config', { body: `{"changes":{"requirepass":"${PASSWORD}"`, headers: AUTH })).status).toBe(422);
    await call('POST', '/api/targets/main/config', { body: { changes: { requirepass: 'x' } }, headers: AUTH });

    // Writes that reach the servers: applied on main, refused by the unreachable and the wrong-password ones.
    const applied = await call('POST', '/api/targets/main/config', { body: { changes: { 'active-defrag-cycle-max': '20' } }, headers: AUTH });
    expect(applied.status).toBe(200);
    for (const id of ['down', 'wrong']) {
      const refused = await call('POST', `/api/targets/${id}/config`, { body: { changes: { 'active-defrag-cycle-max': '20' } }, headers: AUTH });
      expect(refused.status, refused.text).toBe(503);
      await call('POST', `/api/targets/${id}/baselines`, { body: { name: 'on a dead server' }, headers: AUTH });
      // A window that starts now: the scheduler's write fails and is audited with the server's error.
      await call('POST', `/api/targets/${id}/windows`, { body: { runNowMinutes: 5, preset: 'low-latency' }, headers: AUTH });
    }
    const baseline = await call('POST', '/api/targets/main/baselines', { body: { name: 'before' }, headers: AUTH });
    expect(baseline.status).toBe(201);
    const baselineId = baseline.json().id as string;
    for (const format of ['json', 'md', 'csv']) await call('GET', `/api/targets/main/baselines/${baselineId}/compare?to=now&format=${format}`);
    await call('GET', `/api/targets/main/baselines/${baselineId}`);
    const revert = await call('POST', `/api/audit/${applied.json().auditId as string}/revert`, { headers: AUTH });
    expect(revert.status).toBe(200);
    const audit = await call('GET', '/api/audit?limit=5000');
    const results = (audit.json().entries as { targetId: string; result: string; error: string | null }[]).map((e) => `${e.targetId}:${e.result}`);
    expect(results).toEqual(expect.arrayContaining(['main:applied', 'down:failed', 'wrong:failed']));
    for (const route of ['/api/health', '/api/fleet', '/api/metrics', '/api/alerts', '/api/targets']) await call('GET', route);
    await call('DELETE', `/api/targets/main/baselines/${baselineId}`, { headers: AUTH });
    const windows = (await call('GET', '/api/targets/down/windows')).json().windows as { id: string }[];
    for (const w of windows) await call('DELETE', `/api/targets/down/windows?id=${w.id}`, { headers: AUTH });
    // The session API: the cookie it sets holds no token.
    const signIn = await call('POST', '/api/session', { body: { token: TOKEN } });
    expect(signIn.status).toBe(200);
    await call('DELETE', '/api/session');

    // The dashboard in Chromium: each target, signed in through the form.
    const pageTexts: string[] = [];
    page.on('response', async (response) => {
      const type = response.headers()['content-type'] ?? '';
      const body = type.includes('event-stream') ? '' : await response.text().catch(() => '');
      pageTexts.push(`${response.url()} ${JSON.stringify(response.headers())}\n${body}`);
    });
    page.on('console', (message) => pageTexts.push(`console: ${message.text()}`));
    await page.goto(`${base}/?target=main`);
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
    await page.getByTestId('sign-in-token').fill(TOKEN);
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('signed-in-as')).toContainText('admin');
    expect(await page.getByTestId('sign-in-token').count()).toBe(0);
    const capture = async (label: string) => {
      await sleep(500);
      pageTexts.push(`${label} html\n${await page.content()}`, `${label} text\n${await page.evaluate(() => document.body.innerText)}`);
    };
    await capture('main');
    for (const id of ['down', 'wrong']) {
      await page.goto(`${base}/?target=${id}`);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'down');
      await capture(id);
    }
    await page.goto(`${base}/fleet`);
    await capture('fleet');
    await page.goto(`${base}/compare?target=main&baseline=b-zzz-00000000&to=now`);
    await capture('compare');
    const cookies = await page.context().cookies();
    seen.push(...pageTexts.map((text) => ({ where: 'browser', text })), { where: 'cookies', text: JSON.stringify(cookies) });
    expect(cookies.find((c) => c.name === 'fragscope_session')).toBeTruthy();

    // The log and every file the app wrote.
    seen.push({ where: 'app log', text: app.output() });
    for (const file of readdirSync(app.dataDir)) seen.push({ where: `data file ${file}`, text: readFileSync(path.join(app.dataDir, file), 'utf8') });
    expect(seen.some((s) => s.where === 'data file audit.jsonl')).toBe(true);

    const leaks = seen.flatMap(({ where, text }) => forbidden.filter(([secret]) => text.includes(secret)).map(([, name]) => `${where}: contains ${name}`));
    console.log(
      `[faults] secrets: ${calls} API calls, ${events.length} SSE events, ${pageTexts.length} browser captures, the log and ${readdirSync(app.dataDir).length} data files checked; ${leaks.length} leaks`,
    );
    expect(leaks).toEqual([]);
  } finally {
    await app?.kill();
    for (const server of redisServers) await server.kill();
  }
});
