import { readFileSync } from 'node:fs';
import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { resolveEngineBinary } from '../scripts/lab/engines';
import { expect, POLL_MS, test, waitForSample } from './support/fixtures';

/** The write side over HTTP, on the built app: guard, config POST, audit (durable), windows. */

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const BEARER = { authorization: `Bearer ${TOKEN}` };

async function configGet(client: Redis, name: string): Promise<string> {
  return ((await client.call('CONFIG', 'GET', name)) as string[])[1]!;
}

async function withApp(env: Record<string, string>, run: (app: AppProcess) => Promise<void>, targetId = 'default'): Promise<void> {
  const app = await startApp({ FRAGSCOPE_POLL_MS: String(POLL_MS), ...env });
  try {
    await waitForSample(app.url, targetId);
    await run(app);
  } finally {
    await app.kill();
  }
}

test.describe('config writes over HTTP', () => {
  test('without FRAGSCOPE_ADMIN_TOKEN every write is 401 and GET says why; reads still work', async ({ redis, direct, request }) => {
    await withApp({ REDIS_URL: redis.url }, async (app) => {
      const post = await request.post(`${app.url}/api/targets/default/config`, { data: { changes: { 'active-defrag-cycle-max': '10' } }, headers: BEARER });
      expect(post.status()).toBe(401);
      expect((await post.json()).error.message).toMatch(/FRAGSCOPE_ADMIN_TOKEN/);
      const view = await (await request.get(`${app.url}/api/targets/default/config`)).json();
      expect(view.access).toMatchObject({ allowed: false, writesEnabled: false });
      expect(view.values['active-defrag-cycle-max']).toBe('25');
      expect((await request.get(`${app.url}/api/audit?target=default`)).status()).toBe(200);
      expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
    });
  });

  test('401 without a valid token, 403 cross-origin, 422 per invalid parameter, 502 with Redis text, 200 with before/after', async ({
    redis,
    direct,
    request,
  }) => {
    await withApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN }, async (app) => {
      const url = `${app.url}/api/targets/default/config`;
      const change = { changes: { 'active-defrag-cycle-max': '10' }, rewrite: false };

      expect((await request.post(url, { data: change })).status()).toBe(401);
      expect((await request.post(url, { data: change, headers: { authorization: 'Bearer wrong-token-0123456789' } })).status()).toBe(401);
      const cross = await request.post(url, { data: change, headers: { ...BEARER, origin: 'https://evil.example' } });
      expect(cross.status()).toBe(403);
      expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');

      const invalid = await request.post(url, {
        data: { changes: { 'active-defrag-cycle-max': '100', 'active-defrag-cycle-min': '0', 'active-defrag-ignore-bytes': 'lots' } },
        headers: BEARER,
      });
      expect(invalid.status()).toBe(422);
      const fields = (await invalid.json()).error.fields;
      expect(Object.keys(fields).sort()).toEqual(['active-defrag-cycle-max', 'active-defrag-cycle-min', 'active-defrag-ignore-bytes']);
      expect(await configGet(direct, 'active-defrag-cycle-min')).toBe('1');

      const refused = await request.post(url, { data: { changes: { activedefrag: 'yes', 'active-defrag-cycle-max': '10' } }, headers: BEARER });
      expect(refused.status()).toBe(502);
      const refusedBody = await refused.json();
      expect(refusedBody.error.message).toMatch(
        /^ERR CONFIG SET failed \(possibly related to argument 'activedefrag'\) - Active defragmentation cannot be enabled/,
      );
      expect(await configGet(direct, 'activedefrag')).toBe('no');
      expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');

      const ok = await request.post(url, { data: change, headers: BEARER });
      expect(ok.status()).toBe(200);
      const body = await ok.json();
      expect(body).toMatchObject({ before: { 'active-defrag-cycle-max': '25' }, after: { 'active-defrag-cycle-max': '10' }, rewrite: null });
      expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('10');

      const audit = await (await request.get(`${app.url}/api/audit?target=default`)).json();
      expect(audit.entries.map((e: { result: string }) => e.result)).toEqual(['applied', 'refused', 'invalid']);
      expect(audit.entries[0]).toMatchObject({ id: body.auditId, actor: 'admin' });
      expect(audit.entries[1].error).toBe(refusedBody.error.message);

      // Secrets: the token is in no response, log line or audit record.
      expect(app.output()).not.toContain(TOKEN);
      expect(readFileSync(`${app.dataDir}/audit.jsonl`, 'utf8')).not.toContain(TOKEN);
      expect(JSON.stringify(audit)).not.toContain(TOKEN);
    });
  });

  test('sign-in sets an httpOnly SameSite=Strict cookie that authorises writes; sign-out ends it', async ({ redis, direct, playwright }) => {
    // A context of our own: its cookie jar is the browser's, and a second one plays the stranger.
    const request = await playwright.request.newContext();
    const stranger = await playwright.request.newContext();
    await withApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: `alice:${TOKEN}` }, async (app) => {
      expect((await request.post(`${app.url}/api/session`, { data: { token: 'nope-nope-nope-nope' } })).status()).toBe(401);
      const signIn = await request.post(`${app.url}/api/session`, { data: { token: TOKEN } });
      expect(signIn.status()).toBe(200);
      expect(await signIn.json()).toEqual({ writesEnabled: true, signedInAs: 'alice' });
      const cookie = signIn.headers()['set-cookie']!;
      expect(cookie).toMatch(/^fragscope_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+/);
      expect(cookie).not.toContain(TOKEN);
      const session = cookie.split(';')[0]!;
      const post = await request.post(`${app.url}/api/targets/default/config`, {
        data: { changes: { 'active-defrag-threshold-lower': '15' } },
        headers: { cookie: session },
      });
      expect(post.status()).toBe(200);
      expect(await configGet(direct, 'active-defrag-threshold-lower')).toBe('15');
      const entry = (await (await request.get(`${app.url}/api/audit`)).json()).entries[0];
      expect(entry.actor).toBe('alice');
      // Revert (guarded, audited) puts the value back.
      expect((await stranger.post(`${app.url}/api/audit/${entry.id}/revert`)).status()).toBe(401);
      const revert = await request.post(`${app.url}/api/audit/${entry.id}/revert`);
      expect(revert.status()).toBe(200);
      expect(await configGet(direct, 'active-defrag-threshold-lower')).toBe('10');
      const afterRevert = (await (await request.get(`${app.url}/api/audit`)).json()).entries[0];
      expect(afterRevert).toMatchObject({ action: 'revert', revertOf: entry.id, actor: 'alice' });
      const signOut = await request.delete(`${app.url}/api/session`);
      expect(signOut.headers()['set-cookie']).toMatch(/fragscope_session=; .*Max-Age=0/);
      expect((await request.post(`${app.url}/api/targets/default/config`, { data: { changes: { 'active-defrag-threshold-lower': '15' } } })).status()).toBe(
        401,
      );
      expect(await (await request.get(`${app.url}/api/session`)).json()).toEqual({ writesEnabled: true, signedInAs: null });
    });
    await request.dispose();
    await stranger.dispose();
  });

  test('a read-only target refuses writes with 403 and says so', async ({ redis, direct, request }) => {
    await withApp(
      { FRAGSCOPE_TARGETS: `cache=${redis.url};readonly`, FRAGSCOPE_ADMIN_TOKEN: TOKEN },
      async (app) => {
        await waitForSample(app.url, 'cache');
        const post = await request.post(`${app.url}/api/targets/cache/config`, { data: { changes: { 'active-defrag-cycle-max': '10' } }, headers: BEARER });
        expect(post.status()).toBe(403);
        const view = await (await request.get(`${app.url}/api/targets/cache/config`, { headers: BEARER })).json();
        expect(view.access).toMatchObject({ allowed: false, targetReadonly: true, signedInAs: 'admin' });
        expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
      },
      'cache',
    );
  });

  test('the audit log survives kill -9 of the app right after the response', async ({ redis, request }) => {
    const first = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    const response = await request.post(`${first.url}/api/targets/default/config`, { data: { changes: { 'active-defrag-cycle-max': '12' } }, headers: BEARER });
    expect(response.status()).toBe(200);
    const { auditId } = await response.json();
    await first.kill(); // SIGKILL, no chance to flush anything
    const second = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_DATA_DIR: first.dataDir });
    try {
      const audit = await (await request.get(`${second.url}/api/audit`)).json();
      expect(audit.entries.map((e: { id: string }) => e.id)).toContain(auditId);
      expect(audit.unreadableLines).toBe(0);
    } finally {
      await second.kill();
    }
  });
});

test.describe('maintenance windows over HTTP', () => {
  test('overlaps, bad zones and unknown presets are refused clearly; windows list their next runs', async ({ redis, request }) => {
    await withApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN }, async (app) => {
      const url = `${app.url}/api/targets/default/windows`;
      // Twelve hours from now in Berlin, so the window never starts while the test runs.
      const berlinTime = (ms: number) =>
        new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms));
      const start = berlinTime(Date.now() + 12 * 3600_000);
      const daily = { kind: 'daily', time: start, durationMinutes: 120, timeZone: 'Europe/Berlin', preset: 'low-latency' };
      expect((await request.post(url, { data: daily })).status()).toBe(401);
      const created = await request.post(url, { data: daily, headers: BEARER });
      expect(created.status()).toBe(201);
      // Every weekday, starting 90 minutes into the daily one: it must collide.
      const inside = berlinTime(Date.now() + 12 * 3600_000 + 90 * 60_000);
      const overlapping = await request.post(url, {
        data: { kind: 'weekly', weekdays: [1, 2, 3, 4, 5, 6, 7], time: inside, durationMinutes: 60, timeZone: 'Europe/Berlin', preset: 'large-keys' },
        headers: BEARER,
      });
      expect(overlapping.status()).toBe(409);
      expect((await overlapping.json()).error.message).toMatch(new RegExp(`overlaps the window "Daily ${start}`));
      const badZone = await request.post(url, { data: { ...daily, timeZone: 'Mars/Olympus', time: '12:00' }, headers: BEARER });
      expect(badZone.status()).toBe(422);
      expect((await badZone.json()).error.fields.timeZone).toMatch(/not a time zone/);
      const badPreset = await request.post(url, { data: { ...daily, time: '12:00', preset: 'turbo' }, headers: BEARER });
      expect(badPreset.status()).toBe(422);
      const list = await (await request.get(url)).json();
      expect(list.windows).toHaveLength(1);
      expect(list.windows[0].next).toHaveLength(3);
      expect(list.windows[0].next[1].start - list.windows[0].next[0].start).toBeGreaterThanOrEqual(23 * 3600_000);
      const audit = await (await request.get(`${app.url}/api/audit`)).json();
      expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(['window-created']);
      const deleted = await request.delete(`${url}?id=${list.windows[0].id}`, { headers: BEARER });
      expect(deleted.status()).toBe(200);
      expect((await (await request.get(url)).json()).windows).toHaveLength(0);
    });
  });

  test('on the lab build, a restart of the app inside a window still restores the previous values at its end', async ({ request }) => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    const server: RedisProcess = await startRedis({ binary });
    const direct = new Redis(server.url);
    try {
      const first = await startApp({ REDIS_URL: server.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN });
      const now = Date.now();
      const window = { kind: 'once', start: new Date(now).toISOString(), end: new Date(now + 6000).toISOString(), preset: 'memory-constrained' };
      const created = await request.post(`${first.url}/api/targets/default/windows`, { data: window, headers: BEARER });
      expect(created.status()).toBe(201);
      expect((await created.json()).window.running).toBe(true);
      expect(await configGet(direct, 'activedefrag')).toBe('yes');
      expect(await configGet(direct, 'active-defrag-threshold-lower')).toBe('5');
      await first.kill(); // kill -9 inside the window
      const second = await startApp({ REDIS_URL: server.url, FRAGSCOPE_DATA_DIR: first.dataDir });
      try {
        const deadline = now + 6000 + 5000;
        while ((await configGet(direct, 'activedefrag')) !== 'no' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        expect(await configGet(direct, 'activedefrag')).toBe('no');
        expect(Date.now()).toBeGreaterThanOrEqual(now + 6000);
        expect(await configGet(direct, 'active-defrag-threshold-lower')).toBe('10');
        expect(await configGet(direct, 'active-defrag-ignore-bytes')).toBe('104857600');
        const actions = (await (await request.get(`${second.url}/api/audit`)).json()).entries.map(
          (e: { action: string; result: string }) => `${e.action}:${e.result}`,
        );
        expect(actions).toEqual(['window-end:applied', 'window-start:applied', 'window-created:applied']);
      } finally {
        await second.kill();
      }
    } finally {
      direct.disconnect();
      await server.kill();
    }
  });
});
