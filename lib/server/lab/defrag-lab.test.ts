import { execFileSync } from 'node:child_process';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide } from '@/lib/decision';
import { detectRuns, runProgress } from '@/lib/history/defrag-runs';
import type { Snapshot, SnapshotConfig } from '@/lib/snapshot';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { fragment, isLabEngine, resolveEngineBinary } from '@/scripts/lab/engines';
import { collectSnapshots, nextSnapshot, startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';

/**
 * Active defrag on real defrag-capable builds (made by `npm run lab -- build`), watched through the
 * app's own poller. FRAGSCOPE_LAB_ENGINES picks the engines (scripts/test.sh builds them first);
 * a missing build fails here rather than passing by skipping.
 */
const ENGINES = (process.env.FRAGSCOPE_LAB_ENGINES ?? 'redis-7.0').split(/[\s,]+/).filter(Boolean);

for (const engine of ENGINES) {
  describe(`active defrag on ${engine}`, () => {
    let server: RedisProcess;
    let direct: Redis;
    let poller: TargetPoller;

    beforeAll(async () => {
      if (!isLabEngine(engine)) throw new Error(`FRAGSCOPE_LAB_ENGINES names an unknown engine: ${engine}`);
      const binary = resolveEngineBinary(engine);
      if (!binary) throw new Error(`no verified ${engine} build: run \`npm run lab -- build --engine ${engine}\``);
      server = await startRedis({ binary });
      direct = new Redis(server.url);
      // 250 ms polls: a poll slower than one interval publishes a `stalled` (not ok) sample, which
      // run detection treats as a gap and so splits the run; at 100 ms a loaded 2-core machine did
      // that (2-6 runs counted instead of 1). The first-effort checks, which need 100 ms, are in
      // fidelity.test.ts. No periodic config refresh: the poller must notice defrag switching on or off by itself.
      poller = startPoller(server.url, { intervalMs: 250, historySize: 1200, refreshEvery: 1_000_000 });
      await nextSnapshot(poller, (s) => s.ok && s.derived.defragSupported !== null, 10_000);
      await fragment(server.url, { keys: 1_000_000 });
    }, 120_000);

    afterAll(async () => {
      await poller?.stop();
      direct?.disconnect();
      await server?.kill();
    });

    it('is detected as supported by the probe', () => {
      expect(poller.latest()?.derived.defragSupported).toBe(true);
    });

    it('reclaims the fragmentation: ratio < 1.2 and RSS down >= 30% within 90 s, used memory flat', async () => {
      // First on the freshly fragmented server (beforeAll), as an operator would meet it.
      const before = await fresh(poller);
      expect(before.info.allocator_frag_ratio).toBeGreaterThanOrEqual(1.5);
      try {
        await setConfig(direct, {
          'active-defrag-ignore-bytes': 1024 * 1024,
          'active-defrag-threshold-lower': 5,
          'active-defrag-cycle-max': 75,
          activedefrag: true,
        });
        const running = await nextSnapshot(poller, (s) => s.ok && (s.info.active_defrag_running ?? 0) > 0, 10_000);
        // The config changed behind the poller's back (a plain CONFIG SET): the first running sample
        // must already carry it, not a stale "activedefrag no".
        expect(running.config.activedefrag).toBe(true);
        expect(running.config['active-defrag-cycle-max']).toBe(75);
        const later = await nextSnapshot(poller, (s) => s.ok && s.info.active_defrag_hits! > running.info.active_defrag_hits!, 10_000);
        expect(later.info.active_defrag_hits).toBeGreaterThan(running.info.active_defrag_hits!);
        const done = await nextSnapshot(
          poller,
          (s) => s.ok && s.info.allocator_frag_ratio! < 1.2 && s.info.used_memory_rss! <= before.info.used_memory_rss! * 0.7,
          90_000,
        );
        const usedChange = Math.abs(done.info.used_memory! - before.info.used_memory!) / before.info.used_memory!;
        expect(usedChange).toBeLessThan(0.05);

        // The history store saw it too: exactly one run, reclaiming what INFO's RSS shows.
        // The server had no outage here, so a not-ok sample can only be the poller's own `stalled`
        // marker (a poll slower than one interval on a loaded machine): count without those, or one
        // slow poll splits the run (seen at load average 12 on 2 cores). The app itself still
        // treats them as gaps.
        const samples = poller.store.defragSamples(before.at, done.at).filter((s) => s.ok);
        const runs = detectRuns(samples, { maxGapMs: 10_000 });
        expect(runs).toHaveLength(1);
        const progress = runProgress(runs[0]!, samples, done.at);
        const rssDrop = before.info.used_memory_rss! - done.info.used_memory_rss!;
        expect(Math.abs(progress.reclaimedRssBytes! - rssDrop) / rssDrop).toBeLessThan(0.05);
        expect(progress.reclaimedFragBytes).toBeGreaterThan(0);
        const history = poller.store.query({ from: before.at - 60_000, to: done.at, points: 50 });
        for (const [name, values] of Object.entries(history.series)) expect(values.length, name).toBeLessThanOrEqual(50);
        expect(Math.max(...history.series.active_defrag_hits_per_sec!.map((v) => v ?? 0))).toBeGreaterThan(0);
        console.info(
          `[${engine}] defrag: allocator ratio ${before.info.allocator_frag_ratio} -> ${done.info.allocator_frag_ratio}, ` +
            `RSS ${mb(before.info.used_memory_rss)} -> ${mb(done.info.used_memory_rss)} MB in ${((done.at - running.at) / 1000).toFixed(1)} s, ` +
            `used ${mb(before.info.used_memory)} -> ${mb(done.info.used_memory)} MB, hits ${done.info.active_defrag_hits}`,
        );
      } finally {
        // Leave defrag off: later tests (and Valkey, which decides every tick) must start from idle.
        await setConfig(direct, { activedefrag: false });
      }
    }, 120_000);

    // The fidelity matrix (predicted start and first effort) lives in fidelity.test.ts, on its own processes.

    it('pauses while a fork child (BGSAVE) runs, as the model says, and starts when it exits', async () => {
      await idle(direct, poller);
      await fragment(server.url, { keys: 600_000 }); // its own fragmentation: earlier passes reclaimed theirs
      // Slow the child down (sleeps per key) so it outlives the observation; it is killed below.
      await direct.call('CONFIG', 'SET', 'rdb-key-save-delay', '100');
      await direct.call('BGSAVE');
      const forking = await nextSnapshot(poller, (s) => s.ok && s.derived.forkChildActive === true);
      const config = { activedefrag: true, 'active-defrag-ignore-bytes': 1024 * 1024, 'active-defrag-threshold-lower': 1 };
      const predicted = decide(forking, config);
      expect(predicted.willRun).toBe(false);
      expect(predicted.conditions.find((c) => c.id === 'no-fork-child')?.pass).toBe(false);
      try {
        await setConfig(direct, config);
        const during = (await collectSnapshots(poller, 2500)).filter((s) => s.ok && s.derived.forkChildActive);
        expect(during.length).toBeGreaterThan(5);
        expect(during.every((s) => s.info.active_defrag_running === 0)).toBe(true);
        // End the child as an operator would a runaway BGSAVE: defrag must then start.
        execFileSync('pkill', ['-KILL', '-P', String(server.child.pid)]);
        const afterChild = await nextSnapshot(poller, (s) => s.ok && s.derived.forkChildActive === false);
        // This suite's poller re-reads CONFIG only when defrag starts or stops, so pass what we set.
        expect(decide(afterChild, config).willRun || decide(afterChild, config).verdict === 'running').toBe(true);
        const resumed = await nextSnapshot(poller, (s) => s.ok && (s.info.active_defrag_running ?? 0) > 0, 20_000);
        expect(resumed.derived.forkChildActive).toBe(false);
      } finally {
        await direct.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
        await setConfig(direct, { activedefrag: false });
      }
    }, 60_000);
  });
}

/** Defrag switched off and the server reporting no pass. */
async function idle(client: Redis, poller: TargetPoller): Promise<void> {
  await setConfig(client, { activedefrag: false });
  await nextSnapshot(poller, (s) => s.ok && s.info.active_defrag_running === 0, 10_000);
}

/** A sample taken after this call, so it reflects everything done before it. */
function fresh(poller: TargetPoller): Promise<Snapshot> {
  const after = Date.now();
  return nextSnapshot(poller, (s) => s.ok && s.at > after + 150);
}

async function setConfig(client: Redis, config: Partial<SnapshotConfig>): Promise<void> {
  const args = Object.entries(config).flatMap(([name, value]) => [name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)]);
  await client.call('CONFIG', 'SET', ...args);
}

function mb(bytes: number | null): string {
  return ((bytes ?? 0) / 1024 / 1024).toFixed(0);
}
