import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { parseConfig } from '../core/env';
import { forgetConfigRead, sharedRead } from './config-read-cache';

describe('sharedRead', () => {
  let server: RedisProcess;
  let direct: Redis;
  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
  });

  it('serves many viewers with one config read, and a write makes the next read fresh', async () => {
    const target = parseConfig({ REDIS_URL: server.url }).targets[0]!;
    const gets = async () => Number(/cmdstat_config\|get:calls=(\d+)/.exec(await direct.info('commandstats'))?.[1] ?? 0);
    const before = await gets();
    const views = await Promise.all(Array.from({ length: 20 }, () => sharedRead(target, null)));
    expect(views.every((v) => v.values.get('active-defrag-cycle-max') === '25')).toBe(true);
    expect((await gets()) - before).toBe(1);
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '30');
    forgetConfigRead(target.id);
    expect((await sharedRead(target, null)).values.get('active-defrag-cycle-max')).toBe('30');
  });
});
