import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocatorAnatomySchema, purgeResultSchema } from '@/lib/allocator/api-schema';
import { apiErrorSchema } from '@/lib/api-error';
import { parseInfoText, readInfoFields } from '@/lib/info-parser';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { resolveEngineBinary } from '@/scripts/lab/engines';
import { getHub, type Hub } from '../core/hub';
import { allocatorResponse } from './allocator-routes';
import { purgeResponse } from './purge-routes';

const ENGINE = (process.env.FRAGSCOPE_LAB_ENGINES ?? 'redis-7.0').split(/\s+/).filter(Boolean)[0]!;
const TOKEN = 'purge-test-token-0123456789abcdef';
const MiB = 1024 * 1024;

/** MEMORY PURGE through its route, on real servers: a lab build, Debian's build, MEMORY renamed away, an ACL without it, a read-only target. */
describe('POST /api/targets/{id}/allocator/purge', () => {
  const servers: Record<string, RedisProcess> = {};
  let hub: Hub;

  beforeAll(async () => {
    const binary = resolveEngineBinary(ENGINE as Parameters<typeof resolveEngineBinary>[0]);
    if (!binary) throw new Error(`no verified ${ENGINE} build: run \`npm run lab -- build --engine ${ENGINE}\``);
    servers.lab = await startRedis({ binary });
    servers.packaged = await startRedis();
    servers.renamed = await startRedis({ args: ['--rename-command', 'MEMORY', ''] });
    servers.acl = await startRedis();
    servers.ro = await startRedis();
    const acl = new Redis(servers.acl.url);
    await acl.call('ACL', 'SETUSER', 'nomem', 'on', '>nomem-pw', '~*', '&*', '+@all', '-memory');
    acl.disconnect();
    const aclUrl = servers.acl.url.replace('redis://', 'redis://nomem:nomem-pw@');
    process.env.FRAGSCOPE_TARGETS = [
      `lab=${servers.lab!.url}`,
      `packaged=${servers.packaged.url}`,
      `renamed=${servers.renamed.url}`,
      `acl=${aclUrl}`,
      `ro=${servers.ro.url};readonly`,
    ].join(',');
    process.env.FRAGSCOPE_ADMIN_TOKEN = TOKEN;
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-purge-'));
    hub = getHub();
    const deadline = Date.now() + 15_000;
    while (!['lab', 'packaged', 'renamed', 'acl', 'ro'].every((id) => hub.get(id)?.latest()?.server.version)) {
      if (Date.now() > deadline) throw new Error('no first sample of every test server');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await Promise.all(Object.values(servers).map((s) => s.kill()));
  });

  const post = (id: string, init: { token?: string | null; body?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? TOKEN}`;
    return purgeResponse(id, new Request(`http://127.0.0.1/api/targets/${id}/allocator/purge`, { method: 'POST', headers, body: init.body ?? '{}' }));
  };
  const infoMemory = async (url: string) => {
    const direct = new Redis(url);
    const { info } = readInfoFields(parseInfoText(await direct.info('memory')));
    direct.disconnect();
    return info;
  };
  const audit = async (targetId: string) => (await hub.audit.list({ targetId })).entries;

  it('refuses without a token and with a body it does not take, and audits nothing', async () => {
    const anonymous = await post('lab', { token: null });
    expect(anonymous.status).toBe(401);
    expect(apiErrorSchema.parse(await anonymous.json()).error.message).toMatch(/sign in/);
    expect((await post('lab', { token: 'wrong-token-wrong-token-wrong' })).status).toBe(401);
    const bad = await post('lab', { body: '{"arena":3}' });
    expect(bad.status).toBe(422);
    expect(apiErrorSchema.parse(await bad.json()).error.message).toMatch(/MEMORY PURGE takes no parameters/);
    expect((await post('lab', { body: 'purge!' })).status).toBe(422);
    expect(await audit('lab')).toHaveLength(0);
    const ro = await post('ro');
    expect(ro.status).toBe(403);
    expect(await audit('ro')).toHaveLength(0);
  });

  it(`${ENGINE}: returns the freed pages, measured before and after, audited as the operator; then one per minute`, async () => {
    // Dirty pages that stay: whole slabs freed by plain DELs (a FLUSHALL purges by itself, and so
    // does its lazyfree on Redis 8), and no background thread to return them.
    const lab = new Redis(servers.lab!.url);
    await lab.config('SET', 'jemalloc-bg-thread', 'no');
    await lab.call('DEBUG', 'POPULATE', '300000', 'purge', '300');
    await lab.eval("for i = 0, 299999 do redis.call('DEL', 'purge:' .. i) end return 1", 0);
    lab.disconnect();
    await new Promise((r) => setTimeout(r, 300));
    const held = await infoMemory(servers.lab!.url);
    expect(held.allocator_rss_bytes!).toBeGreaterThan(8 * MiB);

    const view = allocatorAnatomySchema.parse(
      await (
        await allocatorResponse('lab', new Request('http://127.0.0.1/api/targets/lab/allocator?fresh=1', { headers: { authorization: `Bearer ${TOKEN}` } }))
      ).json(),
    );
    expect(view.purge).toMatchObject({ available: true, access: { allowed: true, signedInAs: 'admin' }, retryAfterMs: null });
    expect(view.facts.jemallocBgThread).toBe(false);

    const answer = await post('lab');
    expect(answer.status).toBe(200);
    const result = purgeResultSchema.parse(await answer.json());
    const after = await infoMemory(servers.lab!.url);
    // The figures are the server's own: RSS fell by most of what the allocator held, and "after" is what redis-cli says now.
    expect(result.before.used_memory_rss!).toBeGreaterThanOrEqual(held.used_memory_rss! - 2 * MiB);
    expect(result.releasedRssBytes!).toBeGreaterThan(0.5 * held.allocator_rss_bytes!);
    expect(Math.abs(result.after.used_memory_rss! - after.used_memory_rss!)).toBeLessThan(2 * MiB);
    expect(result.after.allocator_rss_bytes!).toBeLessThan(held.allocator_rss_bytes! / 2);
    console.info(
      `${ENGINE} MEMORY PURGE: used_memory_rss ${result.before.used_memory_rss} -> ${result.after.used_memory_rss} (redis-cli now ${after.used_memory_rss}), allocator_rss_bytes ${result.before.allocator_rss_bytes} -> ${result.after.allocator_rss_bytes}, ${result.durationMs} ms`,
    );

    const [entry] = await audit('lab');
    expect(entry).toMatchObject({
      id: result.auditId,
      actor: 'admin',
      action: 'memory-purge',
      result: 'applied',
      requested: {},
      before: {},
      memory: { before: { used_memory_rss: result.before.used_memory_rss }, after: { used_memory_rss: result.after.used_memory_rss } },
    });

    const again = await post('lab');
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(apiErrorSchema.parse(await again.json()).error.message).toMatch(/one MEMORY PURGE per target per minute/);
    expect(await audit('lab')).toHaveLength(1);
  }, 90_000);

  it("Debian's packaged build (system jemalloc, no defrag): MALLOC-STATS answers and PURGE purges", async () => {
    const view = allocatorAnatomySchema.parse(
      await (await allocatorResponse('packaged', new Request('http://127.0.0.1/api/targets/packaged/allocator'))).json(),
    );
    expect(view.facts.memAllocator).toMatch(/^jemalloc/);
    expect(view.purge).toMatchObject({ available: true, access: { allowed: false, reason: 'sign in with the admin token to purge' } });
    const answer = await post('packaged');
    expect(answer.status).toBe(200);
    expect((await audit('packaged'))[0]).toMatchObject({ action: 'memory-purge', result: 'applied' });
  });

  it('says why, in Redis’s words, where MEMORY is renamed away or forbidden by ACL, and audits the refusal', async () => {
    const renamed = await post('renamed');
    expect(renamed.status).toBe(502);
    expect(apiErrorSchema.parse(await renamed.json()).error.message).toMatch(/MEMORY PURGE is not available on renamed: .*unknown command/i);
    expect((await audit('renamed'))[0]).toMatchObject({ action: 'memory-purge', result: 'refused', error: expect.stringMatching(/unknown command/i) });

    const acl = await post('acl');
    expect(acl.status).toBe(502);
    expect(apiErrorSchema.parse(await acl.json()).error.message).toMatch(/MEMORY PURGE is not available on acl: NOPERM/);
    expect((await audit('acl'))[0]).toMatchObject({ result: 'refused' });
    // The view of that server says so before anyone clicks: MALLOC-STATS is refused the same way.
    const view = await allocatorResponse('acl', new Request('http://127.0.0.1/api/targets/acl/allocator'));
    expect(apiErrorSchema.parse(await view.json()).error.message).toMatch(/MEMORY MALLOC-STATS is not available on acl: NOPERM/);
  });
});
