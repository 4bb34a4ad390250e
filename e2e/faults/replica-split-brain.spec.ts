import Redis from 'ioredis';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../../scripts/harness/redis-process';
import { startTcpProxy, type TcpProxy } from '../../scripts/harness/tcp-proxy';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { sleep } from './fault-support';

/**
 * Fault suite: split brain (issue 15, item 7). Two replicas share a state Redis; the polling
 * replica reaches it through a TCP proxy that black-holes (connections stay open, nothing
 * answers). MONITOR on the monitored server shows who sends INFO: the cut-off replica must stop
 * before the other starts, never both at once.
 */

const LEASE_MS = 5000;

async function health(app: AppProcess): Promise<{ replica: { id: string; polls: string[] } }> {
  return (await fetch(`${app.url}/api/health`)).json();
}

test('a replica cut off from the state Redis stops polling before another takes its target over', async () => {
  test.setTimeout(90_000);
  const monitored: RedisProcess = await startRedis();
  const state: RedisProcess = await startRedis();
  const proxy: TcpProxy = await startTcpProxy(state.port);
  const apps: AppProcess[] = [];
  const monitor = await new Redis(monitored.url).monitor();
  try {
    const env = { REDIS_URL: monitored.url, FRAGSCOPE_POLL_MS: String(POLL_MS) };
    // A first, so it takes the lease; then B, which only follows.
    const a = await startApp({ ...env, FRAGSCOPE_STATE_REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
    apps.push(a);
    await waitForSample(a.url);
    await expect.poll(async () => (await health(a)).replica.polls, { timeout: 10_000 }).toEqual(['default']);
    const b = await startApp({ ...env, FRAGSCOPE_STATE_REDIS_URL: state.url });
    apps.push(b);
    await waitForSample(b.url);
    expect((await health(b)).replica.polls).toEqual([]);

    // Every INFO the monitored server receives, by client address and time.
    const infos: { source: string; at: number }[] = [];
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (String(args[0]).toLowerCase() === 'info') infos.push({ source, at: Date.now() });
    });
    await sleep(1000);
    const sourcesBefore = [...new Set(infos.map((i) => i.source))];
    expect(sourcesBefore).toHaveLength(1); // one poller between the two replicas
    const sourceA = sourcesBefore[0]!;

    const cutAt = Date.now();
    proxy.blackhole(true);
    await expect.poll(async () => (await health(b)).replica.polls, { timeout: LEASE_MS * 3 }).toEqual(['default']);
    await sleep(2000);

    const fromA = infos.filter((i) => i.source === sourceA);
    const fromOthers = infos.filter((i) => i.source !== sourceA && i.at >= cutAt);
    expect(fromOthers.length).toBeGreaterThan(0);
    const lastA = Math.max(...fromA.map((i) => i.at));
    const firstB = Math.min(...fromOthers.map((i) => i.at));
    console.log(
      `[faults] state Redis black-holed for the polling replica: its last INFO ${lastA - cutAt} ms after the cut, ` +
        `the other replica's first ${firstB - cutAt} ms after it (gap ${firstB - lastA} ms with nobody polling; lease ${LEASE_MS} ms)`,
    );
    // The cut-off replica stopped before the other began: no moment with two pollers.
    expect(lastA).toBeLessThan(firstB);
    expect(lastA - cutAt).toBeLessThan(LEASE_MS);
    expect(a.output()).toMatch(/lease of default (unknown|not confirmed)/);
  } finally {
    monitor.disconnect();
    await Promise.all(apps.map((app) => app.kill()));
    await proxy.close();
    await Promise.all([monitored.kill(), state.kill()]);
  }
});
