import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocatorAnatomySchema } from '@/lib/allocator/api-schema';
import { apiErrorSchema } from '@/lib/api-error';
import { parseInfoText, readInfoFields } from '@/lib/info-parser';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { fragment, isLabEngine, resolveEngineBinary } from '@/scripts/lab/engines';
import { getHub, type Hub } from '../core/hub';
import { allocatorResponse } from './allocator-routes';

const ENGINES = (process.env.FRAGSCOPE_LAB_ENGINES ?? 'redis-7.0').split(/\s+/).filter(Boolean);

/** The allocator view's figures, from real servers: a lab build per engine, Debian's build, a server without the command. */
describe('GET /api/targets/{id}/allocator', () => {
  const servers: Record<string, RedisProcess> = {};
  let hub: Hub;

  beforeAll(async () => {
    for (const engine of ENGINES) {
      if (!isLabEngine(engine)) throw new Error(`FRAGSCOPE_LAB_ENGINES names an unknown engine: ${engine}`);
      const binary = resolveEngineBinary(engine);
      if (!binary) throw new Error(`no verified ${engine} build: run \`npm run lab -- build --engine ${engine}\``);
      servers[engine] = await startRedis({ binary });
      await fragment(servers[engine].url, { keys: 300_000 });
    }
    servers.packaged = await startRedis();
    servers.renamed = await startRedis({ args: ['--rename-command', 'MEMORY', ''] });
    process.env.FRAGSCOPE_TARGETS = Object.entries(servers)
      .map(([name, s]) => `${name}=${s.url}`)
      .join(',');
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-allocator-'));
    hub = getHub();
    const deadline = Date.now() + 15_000;
    while (!Object.keys(servers).every((name) => hub.get(name.replace('.', '-'))?.latest()?.server.version)) {
      if (Date.now() > deadline) throw new Error('no first sample of every test server');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await Promise.all(Object.values(servers).map((s) => s.kill()));
  });

  const request = (id: string, query = '') => allocatorResponse(id, new Request(`http://127.0.0.1/api/targets/${id}/allocator${query}`));

  for (const engine of ENGINES) {
    it(`${engine}: the small bins' waste agrees with INFO allocator_frag_bytes`, async () => {
      const id = engine.replace('.', '-');
      const answer = await request(id);
      expect(answer.status).toBe(200);
      const anatomy = allocatorAnatomySchema.parse(await answer.json());
      expect(anatomy.bins.length).toBeGreaterThan(10);
      expect(anatomy.cost.replyBytes).toBeGreaterThan(5_000);
      // INFO read on a connection of our own right after, as an operator would with redis-cli.
      const direct = new Redis(servers[engine]!.url);
      const info = readInfoFields(parseInfoText(await direct.info('memory'))).info;
      direct.disconnect();
      const fragBytes = info.allocator_frag_bytes!;
      const exactSum = anatomy.infoFragMeaning === 'small-bins';
      // 7.4+/Valkey 8+: the same sum (up to the 100 ms stats refresh); before: INFO also counts large extents' padding.
      expect(Math.abs(anatomy.smallBinsWastedBytes - fragBytes) / fragBytes).toBeLessThan(exactSum ? 0.05 : 0.1);
      expect(anatomy.smallBinsWastedBytes).toBeGreaterThan(10_000_000);
    });
  }

  it('serves one read to every viewer for 10 s, and asks again only after that', async () => {
    const first = allocatorAnatomySchema.parse(await (await request('packaged')).json());
    const second = allocatorAnatomySchema.parse(await (await request('packaged', '?fresh=1')).json());
    expect(second.at).toBe(first.at);
    expect(second.cachedFor).not.toBeNull();
  });

  it('says why when the command is renamed away, and 404 for an unknown target', async () => {
    const renamed = await request('renamed');
    expect(renamed.status).toBe(502);
    expect(apiErrorSchema.parse(await renamed.json()).error.message).toMatch(/MEMORY MALLOC-STATS is not available on renamed: .*unknown command/i);
    expect((await request('nope')).status).toBe(404);
  });
});
