import { execFileSync } from 'node:child_process';
import { startAggressiveDefrag } from '@/scripts/harness/defrag-run';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectRuns, runProgress } from '@/lib/history/defrag-runs';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '@/scripts/lab/engines';
import { nextSnapshot, startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';

/**
 * Issue #14 item 1 on a real lab build (redis-7.0), through the app's own poller and history:
 * the run's reclaimedRssBytes, once RSS settled, is within 10 % of the drop `redis-cli INFO
 * memory` shows. (e2e/run-accounting.spec.ts checks the same through /runs and the browser.)
 */

function cliRss(port: number): number {
  const text = execFileSync('/usr/bin/redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'INFO', 'memory'], { encoding: 'utf8' });
  return Number(/^used_memory_rss:(\d+)/m.exec(text)![1]);
}

describe('run accounting on redis-7.0', () => {
  let server: RedisProcess;
  let direct: Redis;
  let poller: TargetPoller;

  beforeAll(async () => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 build: run `npm run lab -- build --engine redis-7.0`');
    server = await startRedis({ binary });
    direct = new Redis(server.url);
    poller = startPoller(server.url, { intervalMs: 1000, historySize: 600 });
    await nextSnapshot(poller, (s) => s.ok, 10_000);
    await fragment(server.url, { keys: 1_000_000 });
  }, 120_000);

  afterAll(async () => {
    await poller?.stop();
    direct?.disconnect();
    await server?.kill();
  });

  it('waits for RSS to settle, then reports the drop redis-cli shows', async () => {
    await new Promise((r) => setTimeout(r, 3000));
    const rssBefore = cliRss(server.port);
    await startAggressiveDefrag(direct);
    let sawSettling = false;
    let settled: ReturnType<typeof detectRuns>[number] | undefined;
    const deadline = Date.now() + 200_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      const samples = poller.store.defragSamples(0, Date.now());
      const runs = detectRuns(samples).filter((r) => r.endReason === 'idle');
      const last = runs.at(-1);
      if (last && runProgress(last, samples, Date.now()).status === 'settling') sawSettling = true;
      if (last?.settled) {
        settled = last;
        break;
      }
    }
    expect(settled, 'a run that ended and settled').toBeDefined();
    expect(sawSettling).toBe(true);
    const rssAfter = cliRss(server.port);
    const cliDrop = rssBefore - rssAfter;
    const samples = poller.store.defragSamples(0, Date.now());
    const progress = runProgress(settled!, samples, Date.now());
    console.info(
      `[run accounting] redis-cli RSS ${rssBefore} -> ${rssAfter} (drop ${cliDrop}); reclaimedRssBytes ${progress.reclaimedRssBytes} (${settled!.settleReason}, settled ${settled!.settled!.at - settled!.end!.at} ms after the end)`,
    );
    expect(progress.status).toBe('finished');
    expect(cliDrop).toBeGreaterThan(30 * 1024 * 1024);
    expect(Math.abs(progress.reclaimedRssBytes! - cliDrop) / cliDrop).toBeLessThan(0.1);
    await direct.call('CONFIG', 'SET', 'activedefrag', 'no');
  }, 240_000);
});
