import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { renderMetrics } from './prometheus-metrics';
import { nextSnapshot, startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';

/** /api/metrics against a real server: parses as Prometheus text, equals the snapshot, costs Redis nothing. */
describe('renderMetrics', () => {
  let server: RedisProcess;
  let direct: Redis;
  let poller: TargetPoller;
  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
    await direct.call('DEBUG', 'POPULATE', '20000', 'k', '64');
    poller = startPoller(server.url, { intervalMs: 100 });
    await nextSnapshot(poller, (s) => s.ok && s.derived.defragSupported !== null && (s.info.used_memory ?? 0) > 2_000_000, 10_000);
  });
  afterAll(async () => {
    await poller?.stop();
    direct?.disconnect();
    await server?.kill();
  });

  it('parses with a Prometheus text-format parser and its values equal the newest good snapshot', async () => {
    await poller.stop(); // freeze the samples so the comparison is exact
    const snapshot = poller.lastOk()!;
    const families = parsePrometheusTextFormat(await renderMetrics([poller], snapshot.at + 1500));
    const value = (name: string) => {
      const family = families.find((f) => f.name === name);
      expect(family, name).toBeDefined();
      expect(family!.metrics[0]!.labels).toEqual({ target: 'default' });
      return Number(family!.metrics[0]!.value);
    };
    expect(value('redis_up')).toBe(1);
    expect(value('redis_memory_used_bytes')).toBe(snapshot.info.used_memory);
    expect(value('redis_memory_used_rss_bytes')).toBe(snapshot.info.used_memory_rss);
    expect(value('redis_mem_fragmentation_ratio')).toBe(snapshot.info.mem_fragmentation_ratio);
    expect(value('redis_allocator_frag_ratio')).toBe(snapshot.info.allocator_frag_ratio);
    expect(value('redis_allocator_frag_bytes')).toBe(snapshot.info.allocator_frag_bytes);
    expect(value('redis_active_defrag_running')).toBe(0);
    expect(value('redis_defrag_hits')).toBe(snapshot.info.active_defrag_hits);
    expect(value('fragscope_sample_age_seconds')).toBe(1.5);
    expect(value('fragscope_activedefrag_enabled')).toBe(0);
    // Debian's build cannot defrag: the probe says so and the model predicts no start.
    expect(value('fragscope_defrag_supported')).toBe(0);
    expect(value('fragscope_defrag_predicted_start')).toBe(0);
    expect(value('fragscope_defrag_verdict')).toBe(0);
    expect(families.find((f) => f.name === 'redis_defrag_hits')?.type).toBe('GAUGE');
  });

  it('never sends a command to Redis', async () => {
    const before = await commandCalls(direct);
    for (let i = 0; i < 20; i++) await renderMetrics([poller]);
    // Only our own INFO commandstats call shows up between the two reads.
    expect((await commandCalls(direct)) - before).toBe(1);
  });
});

async function commandCalls(client: Redis): Promise<number> {
  const text = await client.info('commandstats');
  return [...text.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}
