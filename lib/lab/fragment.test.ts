import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { churn } from './churn';
import { fragment } from './fragment';

/**
 * Debian's packaged server cannot defragment, but it still reports jemalloc's stats, so it is
 * enough to show that the workload creates real allocator fragmentation. Key counts are small
 * to keep the suite fast; the CLI default is much larger.
 */
const BINARY = '/usr/bin/redis-server';

describe('fragment on Debian redis-server', () => {
  let server: RedisProcess;
  beforeAll(async () => {
    server = await startRedis({ binary: BINARY });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('strings (DEBUG POPULATE, two in three deleted) raise allocator_frag_ratio well above 1', async () => {
    const { before, filled, after, method, deleted } = await fragment(server.url, { keys: 300_000, shape: 'strings' });
    expect(method).toBe('debug-populate');
    expect(deleted).toBe(200_000);
    expect(filled.allocator_frag_ratio).toBeLessThan(1.2);
    expect(after.allocator_frag_ratio).toBeGreaterThan(1.5);
    expect(after.allocator_frag_ratio).toBeGreaterThan(before.allocator_frag_ratio);
    expect(after.allocator_frag_bytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(after.used_memory).toBeLessThan(filled.used_memory);
    for (const figures of [before, filled, after]) {
      expect(Number.isFinite(figures.mem_fragmentation_ratio)).toBe(true);
      expect(figures.used_memory_rss).toBeGreaterThan(0);
    }
  });

  it('mixed shape with pipelined writes fragments too', async () => {
    const { filled, after, method } = await fragment(server.url, { keys: 90_000, shape: 'mixed' });
    expect(method).toBe('pipelined-writes');
    expect(after.allocator_frag_bytes).toBeGreaterThan(filled.allocator_frag_bytes + 1024 * 1024);
    expect(after.allocator_frag_ratio).toBeGreaterThan(filled.allocator_frag_ratio);
  });

  it('churn runs at the requested rate and stops by itself', async () => {
    const reports: string[] = [];
    const result = await churn(server.url, { rate: 2000, seconds: 1, onReport: (l) => reports.push(l) });
    expect(result.errors).toBe(0);
    expect(result.ops).toBeGreaterThan(1500);
    expect(result.ops).toBeLessThanOrEqual(2000);
    expect(result.seconds).toBeLessThan(2);
    expect(reports.at(-1)).toMatch(/^churn: done .*allocator_frag_ratio \d/);
  });
});
