import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { setConfig } from './config-apply';
import { cachedConfigAvailability, readServerConfig } from './config-read';

/** What the editor learns from a real server before it lets anyone write. */
describe('readServerConfig and the one-by-one write path, on the packaged redis-server', () => {
  let server: RedisProcess;
  let admin: Redis;
  beforeAll(async () => {
    server = await startRedis();
    admin = new Redis(server.url);
    // A managed-service style user: may read the config, may not change it.
    await admin.call('ACL', 'SETUSER', 'viewer', 'on', '>viewer-password-123', '~*', '&*', '+@all', '-config|set', '-config|rewrite');
  });
  afterAll(async () => {
    admin?.disconnect();
    await server?.kill();
  });

  it('reads identity, the config strings and the missing config file, and finds CONFIG SET allowed', async () => {
    const read = await readServerConfig(admin);
    expect(read.identity).toMatchObject({ engine: 'redis', version: '7.0.15' });
    expect(read.values.get('activedefrag')).toBe('no');
    expect(read.values.get('active-defrag-ignore-bytes')).toBe('104857600');
    expect(read.configFile).toBeNull();
    expect(read.configUnavailable).toBeNull();
    // The writability probe is refused by Redis and changes nothing.
    expect(((await admin.call('CONFIG', 'GET', 'active-defrag-cycle-min')) as string[])[1]).toBe('1');
  });

  it('probes CONFIG SET once per server run, not on every read', async () => {
    const setCalls = async () => Number(/cmdstat_config\|set:calls=(\d+)/.exec(await admin.info('commandstats'))?.[1] ?? 0);
    const before = await setCalls();
    const key = `probe-cache-${Date.now()}`;
    await readServerConfig(admin, { id: key, secret: null });
    await readServerConfig(admin, { id: key, secret: null });
    await readServerConfig(admin, { id: key, secret: null });
    expect((await setCalls()) - before).toBe(1);
    expect(cachedConfigAvailability(key)).toBeNull();
  });

  it('finds CONFIG SET forbidden for an ACL user that may only read, with Redis text as the reason', async () => {
    const viewer = new Redis(server.url.replace('redis://', 'redis://viewer:viewer-password-123@'));
    try {
      const read = await readServerConfig(viewer);
      expect(read.values.get('activedefrag')).toBe('no');
      expect(read.configUnavailable).toMatch(/NOPERM.*config\|set/i);
    } finally {
      viewer.disconnect();
    }
  });

  it('one by one (servers before 7.0): a refused later parameter rolls back the earlier ones', async () => {
    const current = { 'active-defrag-cycle-max': '25', activedefrag: 'no' };
    const error = await setConfig(admin, { 'active-defrag-cycle-max': '10', activedefrag: 'yes' }, current, false).then(
      () => null,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/Active defragmentation cannot be enabled/);
    expect(((await admin.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('25');
  });
});
