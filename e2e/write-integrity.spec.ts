import { expect, test, waitForSample, POLL_MS } from './support/fixtures';
import { startApp } from '../scripts/harness/app-process';

/** Issue 15 over HTTP: concurrent overlapping windows, and Object.prototype names as change keys (Redis up and down). */

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const BEARER = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

test('3 concurrent POSTs of overlapping windows: exactly one is accepted, the others get 409', async ({ redis, request }) => {
  const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN, FRAGSCOPE_POLL_MS: String(POLL_MS) });
  try {
    await waitForSample(app.url);
    const url = `${app.url}/api/targets/default/windows`;
    const start = Date.now() + 24 * 3600_000;
    const spec = (offsetMinutes: number) => ({
      kind: 'once',
      start: new Date(start + offsetMinutes * 60_000).toISOString(),
      end: new Date(start + (offsetMinutes + 60) * 60_000).toISOString(),
      preset: 'low-latency',
    });
    for (let round = 0; round < 3; round++) {
      const responses = await Promise.all([0, 10, 20].map((m) => fetch(url, { method: 'POST', headers: BEARER, body: JSON.stringify(spec(round * 600 + m)) })));
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses, `round ${round}`).toEqual([201, 409, 409]);
      for (const r of responses.filter((x) => x.status === 409))
        expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(/overlaps the window/);
    }
    const list = (await (await request.get(url)).json()) as { windows: unknown[] };
    expect(list.windows).toHaveLength(3);
  } finally {
    await app.kill();
  }
});

test('Object.prototype names as change keys get a 422 naming them, audited as invalid, also while Redis is down', async ({ redis, direct, request }) => {
  const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN, FRAGSCOPE_POLL_MS: String(POLL_MS) });
  try {
    await waitForSample(app.url);
    const url = `${app.url}/api/targets/default/config`;
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const post = (name: string) => fetch(url, { method: 'POST', headers: BEARER, body: `{"changes":{"${name}":"10"}}` });
    const check = async (name: string) => {
      const response = await post(name);
      const body = (await response.json()) as { error: { code: string; message: string; fields?: Record<string, string>; auditId?: string } };
      expect(response.status, `${name}: ${body.error.message}`).toBe(422);
      expect(Object.hasOwn(body.error.fields ?? {}, name)).toBe(true);
      expect(body.error.message).toContain(`"${name}" is not an active-defrag parameter`);
      expect(body.error.message).not.toMatch(/invalid_type|"code"|expected/);
      expect(body.error.auditId).toBeTruthy();
      return body.error.auditId!;
    };
    const up: string[] = [];
    for (const name of names) up.push(await check(name));
    expect(((await direct.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('25');
    await redis.kill();
    const down: string[] = [];
    for (const name of names) down.push(await check(name));
    const audit = (await (await request.get(`${app.url}/api/audit?limit=100`)).json()) as { entries: { id: string; result: string }[] };
    for (const id of [...up, ...down]) expect(audit.entries.find((e) => e.id === id)?.result).toBe('invalid');
  } finally {
    await app.kill();
  }
});
