import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { nextSnapshot, startPoller } from './poller.test-support';

const INTERVAL = 200;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function pollerFor(server: RedisProcess, options: Partial<{ timeoutMs: number }> = {}) {
  const poller = startPoller(server.url, { intervalMs: INTERVAL, timeoutMs: options.timeoutMs ?? 2000, historySize: 50 });
  cleanups.push(() => poller.stop());
  return poller;
}

async function directFields(client: Redis) {
  const info = String(await client.info('memory'));
  const field = (name: string) => Number(new RegExp(`^${name}:(.*)\\r?$`, 'm').exec(info)?.[1]);
  return {
    used_memory: field('used_memory'),
    mem_fragmentation_ratio: field('mem_fragmentation_ratio'),
    allocator_frag_ratio: field('allocator_frag_ratio'),
  };
}

async function startServer(options: Parameters<typeof startRedis>[0] = {}) {
  const server = await startRedis(options);
  cleanups.push(() => server.kill());
  return server;
}

describe('TargetPoller against a real redis-server', () => {
  it('reports the same figures as a direct INFO call, with identity, config and defrag support', async () => {
    const server = await startServer({ password: 'pw-for-test' });
    const direct = new Redis(server.url);
    cleanups.push(async () => void direct.disconnect());
    await direct.call('DEBUG', 'POPULATE', '50000', 'key', '100');
    const poller = await pollerFor(server);
    // Wait for a sample taken after the dataset settled, then compare with INFO read right after it.
    const snapshot = await nextSnapshot(poller, (s) => s.ok && s.derived.defragSupported !== null);
    // INFO's figures refresh every 100 ms; compare pairs taken back to back until two agree.
    let matched = false;
    for (let attempt = 0; attempt < 5 && !matched; attempt++) {
      const sample = await nextSnapshot(poller, (s) => s.ok);
      const info = await directFields(direct);
      matched =
        sample.info.mem_fragmentation_ratio === info.mem_fragmentation_ratio &&
        sample.info.allocator_frag_ratio === info.allocator_frag_ratio &&
        Math.abs(sample.info.used_memory! - info.used_memory) / info.used_memory < 0.01;
    }
    expect(matched).toBe(true);
    expect(snapshot.server).toMatchObject({ engine: 'redis', allocator: 'jemalloc-5.3.0' });
    expect(snapshot.server.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(snapshot.config.activedefrag).toBe(false);
    expect(snapshot.config['active-defrag-ignore-bytes']).toBe(104857600);
    // Debian's redis-server links the system jemalloc: the probe must find defrag unsupported,
    // and must not have changed anything.
    expect(snapshot.derived.defragSupported).toBe(false);
    expect(snapshot.derived.defragUnsupportedReason).toMatch(/Active defragmentation cannot be enabled/);
    expect(await direct.call('CONFIG', 'GET', 'activedefrag')).toEqual(['activedefrag', 'no']);
    expect(await direct.call('CONFIG', 'GET', 'active-defrag-cycle-min')).toEqual(['active-defrag-cycle-min', '1']);
    expect(snapshot.derived.forkChildActive).toBe(false);
    expect(snapshot.derived.keys).toBe(50000); // DEBUG POPULATE 50000
    expect(snapshot.latency).toEqual({ monitorThresholdMs: 0, defragCycle: null }); // Redis's default: off
    expect(snapshot.derived.parseWarnings).toEqual([]);
    expect(JSON.stringify(poller.history.toArray())).not.toContain('pw-for-test');
  });

  it('turns a killed server into ok:false snapshots within two intervals, and recovers on restart', async () => {
    const server = await startServer();
    const poller = await pollerFor(server);
    await nextSnapshot(poller, (s) => s.ok);
    const killedAt = Date.now();
    await server.kill();
    const down = await nextSnapshot(poller, (s) => !s.ok);
    expect(down.at - killedAt).toBeLessThanOrEqual(2 * INTERVAL + 50);
    // An outage longer than the snapshot ring (50 here) still keeps the last good sample.
    await new Promise((r) => setTimeout(r, 51 * INTERVAL));
    expect(poller.history.toArray().every((s) => !s.ok)).toBe(true);
    expect(poller.lastOk()?.ok).toBe(true);
    expect(down.derived.connection).toBe('disconnected');
    expect(down.error).toBeTruthy();
    expect(down.info.used_memory).toBeNull();

    const restarted = await startServer({ port: server.port });
    const backAt = Date.now();
    const up = await nextSnapshot(poller, (s) => s.ok);
    expect(up.at - backAt).toBeLessThan(2000);
    expect(up.server.runId).not.toBeNull();
    await restarted.kill();
    expect(poller.stats.maxInFlight).toBe(1);
  });

  it('says "stalled" while Redis does not answer, without piling up polls, then recovers', async () => {
    const server = await startServer();
    const poller = await pollerFor(server, { timeoutMs: 5000 });
    await nextSnapshot(poller, (s) => s.ok);
    const direct = new Redis(server.url);
    cleanups.push(async () => void direct.disconnect());
    const pollsBefore = poller.stats.polls;
    void direct.call('DEBUG', 'SLEEP', '1.5');
    const stalled = await nextSnapshot(poller, (s) => s.derived.connection === 'stalled');
    expect(stalled.ok).toBe(false);
    expect(stalled.error).toMatch(/no reply for \d+ ms/);
    await nextSnapshot(poller, (s) => s.ok, 4000);
    // During 1.5 s of sleep at 200 ms a stacked poller would have sent ~7 polls; we sent one.
    expect(poller.stats.polls - pollsBefore).toBeLessThanOrEqual(3);
    expect(poller.stats.maxInFlight).toBe(1);
  });
});
