import type Redis from 'ioredis';
import { historyResponseSchema } from '../lib/history/api-schema';
import { snapshotSchema, targetSummarySchema } from '../lib/snapshot';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis } from '../scripts/harness/redis-process';
import { expect, infoField, POLL_MS, test, waitForSample } from './support/fixtures';
import { openStream, type SseEvent } from './support/sse-client';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function infoCalls(client: Redis): Promise<number> {
  const stats = await client.info('commandstats');
  return Number(/^cmdstat_info:calls=(\d+)/m.exec(stats)?.[1] ?? 0);
}

test.describe('HTTP API against a real redis-server', () => {
  test('the snapshot API returns the same ratios as a direct INFO call', async ({ app, direct, request }) => {
    // Before the first sample the route answers a JSON error, which is not a snapshot.
    await waitForSample(app.url);
    await direct.call('DEBUG', 'POPULATE', '100000', 'key', '64');
    await expect
      .poll(async () => {
        const snapshot = snapshotSchema.parse(await (await request.get(`${app.url}/api/targets/default/snapshot`)).json());
        return (
          snapshot.info.mem_fragmentation_ratio === Number(await infoField(direct, 'mem_fragmentation_ratio')) &&
          snapshot.info.allocator_frag_ratio === Number(await infoField(direct, 'allocator_frag_ratio'))
        );
      })
      .toBe(true);
  });

  test("on Debian's build, enabling defrag fails with Redis's own text and the app reports it unsupported", async ({ app, direct, request }) => {
    await waitForSample(app.url);
    await expect(direct.call('CONFIG', 'SET', 'activedefrag', 'yes')).rejects.toThrow(
      "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled",
    );
    await expect.poll(async () => (await (await request.get(`${app.url}/api/targets`)).json()).targets[0].defragSupported).toBe(false);
    const decision = await (await request.get(`${app.url}/api/targets/default/decision`)).json();
    expect(decision.diagnoses.map((d: { id: string }) => d.id)).toContain('not-starting-supported');
  });

  test('targets, health and errors are JSON; unknown ids and path tricks are 404s', async ({ app, request }) => {
    await waitForSample(app.url);
    const targets = await (await request.get(`${app.url}/api/targets`)).json();
    expect(targets.targets).toHaveLength(1);
    expect(targetSummarySchema.parse(targets.targets[0])).toMatchObject({ id: 'default', engine: 'redis', connected: true });
    const health = await request.get(`${app.url}/api/health`);
    expect(health.status()).toBe(200);
    expect((await health.json()).targets[0]).toMatchObject({ id: 'default', connected: true });

    for (const id of ['nope', '..%2F..%2Fetc', 'DEFAULT', '%00', 'a'.repeat(500)]) {
      for (const route of ['snapshot', 'stream']) {
        const response = await request.get(`${app.url}/api/targets/${id}/${route}`);
        expect(response.status(), `${route} of ${id}`).toBe(404);
        expect((await response.json()).error.code).toBe('not_found');
      }
    }
  });

  test('the stream sends retry, history, then a snapshot per sample, with SSE headers', async ({ app }) => {
    await waitForSample(app.url);
    const events: SseEvent[] = [];
    const stream = await openStream(`${app.url}/api/targets/default/stream`, (e) => events.push(e));
    await expect.poll(() => events.filter((e) => e.event === 'snapshot').length).toBeGreaterThanOrEqual(3);
    stream.close();
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(stream.headers.get('content-encoding')).toBeNull();
    expect(events[0]?.event).toBe('history');
    // The same columns as GET /history: the live window, with INFO names and rates.
    const history = historyResponseSchema.parse(JSON.parse(events[0]!.data));
    expect(history.t.length).toBeGreaterThan(0);
    expect(history.series.mem_fragmentation_ratio).toHaveLength(history.t.length);
    expect(history.series.active_defrag_hits_per_sec).toHaveLength(history.t.length);
    const seqs = events.slice(1).map((e) => snapshotSchema.parse(JSON.parse(e.data)).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  test('50 viewers cause no more INFO calls than one, and leave no listener behind', async ({ app, direct }) => {
    const rate = async (ms: number) => {
      const before = await infoCalls(direct);
      await sleep(ms);
      return (await infoCalls(direct)) - before - 1; // minus our own INFO commandstats
    };
    const received = new Array<number>(50).fill(0);
    const one = await openStream(`${app.url}/api/targets/default/stream`, () => {});
    const withOne = await rate(3000);
    const many = await Promise.all(
      received.map((_, i) => openStream(`${app.url}/api/targets/default/stream`, (e) => e.event === 'snapshot' && received[i]!++)),
    );
    const withFifty = await rate(3000);
    // 3 s at 250 ms is 12 polls of one INFO each (INFO server joins every tenth): same for 1 and 50.
    expect(withOne).toBeGreaterThanOrEqual(10);
    expect(withFifty).toBeLessThanOrEqual(withOne + 2);
    expect(Math.min(...received)).toBeGreaterThanOrEqual(8);

    const viewers = async () => (await (await fetch(`${app.url}/api/health`)).json()).targets[0].viewers as number;
    expect(await viewers()).toBe(51);
    one.close();
    many.forEach((s) => s.close());
    await expect.poll(viewers, { timeout: 5000 }).toBe(0);
  });

  test('history API: columns within `points`, and bad ranges as 422', async ({ app, request }) => {
    await waitForSample(app.url);
    await new Promise((r) => setTimeout(r, 1500));
    const to = Date.now();
    const body = historyResponseSchema.parse(await (await request.get(`${app.url}/api/targets/default/history?from=${to - 60_000}&to=${to}&points=10`)).json());
    expect(body.t.length).toBeGreaterThan(0);
    for (const values of Object.values(body.series)) expect(values.length).toBeLessThanOrEqual(10);
    for (const query of ['from=abc', 'from=20&to=10', `from=0&to=${to}`, 'points=-1', 'points=100000']) {
      const response = await request.get(`${app.url}/api/targets/default/history?${query}`);
      expect(response.status(), query).toBe(422);
      expect((await response.json()).error.message).toBeTruthy();
    }
    expect((await request.get(`${app.url}/api/targets/nope/history`)).status()).toBe(404);
    const some = historyResponseSchema.parse(
      await (await request.get(`${app.url}/api/targets/default/history?series=used_memory,active_defrag_hits_per_sec`)).json(),
    );
    expect(Object.keys(some.series).sort()).toEqual(['active_defrag_hits_per_sec', 'used_memory']);
    const unknown = await request.get(`${app.url}/api/targets/default/history?series=used_memory,nope`);
    expect(unknown.status()).toBe(422);
    expect((await unknown.json()).error.message).toContain('unknown series: nope');
    const runs = await (await request.get(`${app.url}/api/targets/default/runs`)).json();
    expect(runs).toMatchObject({ runs: [], current: null, last: null });
  });

  test('decision and what-if: the contract, bad input as 4xx, and no Redis call', async ({ app, direct, request }) => {
    await waitForSample(app.url);
    const decision = await (await request.get(`${app.url}/api/targets/default/decision`)).json();
    expect(decision).toMatchObject({ verdict: 'will-not-run', willRun: false, cpuPercent: null, cpuIsUpperBound: false });
    expect(decision.conditions.map((c: { id: string }) => c.id)).toEqual(['enabled', 'supported', 'no-fork-child', 'frag-pct', 'frag-bytes']);
    for (const c of decision.conditions) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'pass', 'actual', 'threshold', 'explanation']));
    // Debian's build: "supported" fails with the server's own refusal text.
    expect(decision.conditions[1]).toMatchObject({ pass: false });
    expect(decision.conditions[1].explanation).toContain('Active defragmentation cannot be enabled');

    const configBefore = await direct.call('CONFIG', 'GET', 'active*');
    const whatIf = await request.post(`${app.url}/api/decision/what-if`, {
      data: { targetId: 'default', config: { activedefrag: true, 'active-defrag-threshold-lower': 1, 'active-defrag-ignore-bytes': 1 } },
    });
    expect(whatIf.status()).toBe(200);
    const hypothetical = await whatIf.json();
    expect(hypothetical.conditions[0]).toMatchObject({ id: 'enabled', pass: true });
    expect(hypothetical.verdict).toBe('will-not-run'); // the build still cannot defrag

    const bad: [unknown, number, RegExp][] = [
      [{ targetId: 'default', config: { 'active-defrag-cycle-max': 'lots' } }, 422, /active-defrag-cycle-max/],
      [{ targetId: 'default', config: { 'no-such-param': 1 } }, 422, /no-such-param|Unrecognized/i],
      [{ targetId: 'default', config: { 'active-defrag-threshold-lower': -5 } }, 422, /threshold-lower/],
      [{ config: {} }, 422, /targetId/],
      [{ targetId: '../../etc', config: {} }, 404, /unknown target/],
      [[1, 2, 3], 422, /invalid/],
    ];
    for (const [body, status, message] of bad) {
      const response = await request.post(`${app.url}/api/decision/what-if`, { data: body });
      expect(response.status(), JSON.stringify(body)).toBe(status);
      expect((await response.json()).error.message).toMatch(message);
    }
    const notJson = await request.post(`${app.url}/api/decision/what-if`, { data: '{oops', headers: { 'Content-Type': 'application/json' } });
    expect(notJson.status()).toBe(422);
    const huge = await request.post(`${app.url}/api/decision/what-if`, { data: { targetId: 'default', config: {}, pad: 'x'.repeat(100_000) } });
    expect(huge.status()).toBe(413);

    // Nothing changed on Redis.
    expect(await direct.call('CONFIG', 'GET', 'active*')).toEqual(configBefore);
  });

  test("what-if requests never reach Redis: commands stay within the poller's own budget", async ({ app, direct, request }) => {
    await waitForSample(app.url);
    const polls = async () => (await (await request.get(`${app.url}/api/health`)).json()).targets[0].polls as number;
    const commands = async () => Number(/^total_commands_processed:(\d+)/m.exec(await direct.info('stats'))![1]);
    const [polls0, commands0] = [await polls(), await commands()];
    for (let i = 0; i < 20; i++) {
      const response = await request.post(`${app.url}/api/decision/what-if`, { data: { targetId: 'default', config: { 'active-defrag-cycle-max': 1 + i } } });
      expect(response.status()).toBe(200);
    }
    const [commands1, polls1] = [await commands(), await polls()];
    const pollsDone = polls1 - polls0 + 1; // one may be in flight across the reads
    // Per poll: one INFO, plus INFO server and CONFIG GET every fifth poll. Our own INFO stats: 1.
    const budget = Math.ceil(pollsDone * 1.4) + 2 + 1;
    expect(commands1 - commands0).toBeLessThanOrEqual(budget);
    expect(budget).toBeLessThan(20); // the check is only meaningful if 20 stray calls would break it
  });

  test('the lab panel API refuses to act outside demo mode', async ({ app, request }) => {
    await waitForSample(app.url);
    const response = await request.post(`${app.url}/api/targets/default/lab`, { data: { action: 'fragment' } });
    expect(response.status()).toBe(403);
    expect((await response.json()).error.message).toContain('demo mode');
  });

  test('shuts down within seconds on SIGTERM even with a stream open', async ({ app }) => {
    await openStream(`${app.url}/api/targets/default/stream`, () => {});
    const started = Date.now();
    await app.stop();
    expect(app.child.signalCode).toBeNull(); // exited by itself, not by the harness's SIGKILL
    // Next's graceful close also waits on idle keep-alive sockets (~4 s); far inside a 30 s grace period.
    expect(Date.now() - started).toBeLessThan(8000);
  });
});

test.describe('configuration and secrets', () => {
  test('an invalid environment gives one clear message listing every problem, without the password', async ({ request }) => {
    const app = await startApp({
      FRAGSCOPE_TARGETS: 'a=http://x:1,b=redis://:hunter2@127.0.0.1:1/x',
      FRAGSCOPE_POLL_MS: 'soon',
    });
    try {
      const response = await request.get(`${app.url}/api/health`);
      expect(response.status()).toBe(500);
      const { error } = await response.json();
      expect(error.code).toBe('config_invalid');
      expect(error.message).toContain('FRAGSCOPE_POLL_MS must be a whole number');
      expect(error.message).toContain('entry "a": the scheme must be redis://');
      expect(error.message).toContain('entry "b": the database in the URL path must be a number');
      expect(JSON.stringify(error)).not.toContain('hunter2');
      expect(app.output()).not.toContain('hunter2');
    } finally {
      await app.kill();
    }
  });

  test('a password-protected Redis: the password is in no response, event, page or log line', async ({ page, request }) => {
    const password = 'Sup3r-s3cret-pw';
    const adminToken = 'Adm1n-t0ken-never-shown-0123';
    const server = await startRedis({ password });
    const wrong = await startRedis({ password: 'other' });
    let app: AppProcess | null = null;
    try {
      const running = await startApp({
        FRAGSCOPE_TARGETS: `main=${server.url},bad=redis://:${password}@127.0.0.1:${wrong.port}`,
        FRAGSCOPE_POLL_MS: String(POLL_MS),
        FRAGSCOPE_ADMIN_TOKEN: adminToken,
      });
      app = running;
      const bodies: string[] = [];
      for (const path of ['/api/health', '/api/targets', '/api/targets/main/snapshot', '/api/targets/bad/snapshot']) {
        await expect.poll(async () => (await request.get(running.url + path)).status()).toBe(200);
        bodies.push(await (await request.get(running.url + path)).text());
      }
      const bad = JSON.parse(bodies[3]!);
      expect(bad.ok).toBe(false);
      expect(bad.error).toMatch(/WRONGPASS|invalid password|NOAUTH/i);
      const events: string[] = [];
      const stream = await openStream(`${running.url}/api/targets/bad/stream`, (e) => events.push(e.data));
      await expect.poll(() => events.length).toBeGreaterThan(2);
      stream.close();
      // Signed in and writing: the token goes in once and never comes back out.
      const signIn = await page.request.post(`${running.url}/api/session`, { data: { token: adminToken } });
      expect(signIn.status()).toBe(200);
      bodies.push(await signIn.text(), JSON.stringify(signIn.headers()));
      const write = await page.request.post(`${running.url}/api/targets/main/config`, { data: { changes: { 'active-defrag-cycle-max': '20' } } });
      expect(write.status()).toBe(200);
      bodies.push(await write.text());
      for (const path of ['/api/audit', '/api/targets/main/config', '/api/targets/main/windows', '/api/session', '/api/metrics', '/api/fleet', '/api/alerts']) {
        bodies.push(await (await page.request.get(running.url + path)).text());
      }
      await page.goto(`${running.url}/?target=main`);
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'live');
      await expect(page.getByTestId('signed-in-as')).toContainText('admin');
      const pageText = (await page.content()) + (await page.evaluate(() => document.body.innerText));
      for (const text of [...bodies, ...events, pageText, running.output()]) {
        expect(text).not.toContain(password);
        expect(text).not.toContain(encodeURIComponent(password));
        expect(text).not.toContain(adminToken);
      }
    } finally {
      await app?.kill();
      await server.kill();
      await wrong.kill();
    }
  });
});
