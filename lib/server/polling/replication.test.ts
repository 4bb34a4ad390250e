import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { startTcpProxy, type TcpProxy } from '@/scripts/harness/tcp-proxy';
import { startPoller } from './poller.test-support';
import { Replication } from './replication';
import { SharedAlertState } from '../alerts/shared-alert-state';
import { leaseKey, STATE_KEYS } from '../redis/state-keys';
import type { TargetPoller } from './target-poller';

/**
 * Split brain (issue 15, item 7): two replicas share a state Redis; replica A reaches it through a
 * TCP proxy that then black-holes (nothing answers, nothing closes). A must stop polling on its
 * own deadline, before B can take the lease, and A's alert writes are fenced by its lease token.
 */

const LEASE_MS = 3000;
const MARGIN_MS = 900;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

function replicaOf(stateUrl: string, poller: TargetPoller, lines: string[]): Replication {
  const replication = new Replication(stateUrl, () => [poller], { leaseMs: LEASE_MS, renewMs: 250, marginMs: MARGIN_MS, log: (m) => lines.push(m) });
  cleanup.push(() => replication.stop());
  return replication;
}

describe('replication with a black-holed state Redis', () => {
  it('the cut-off replica stops polling before the other takes over; its stale token writes nothing', async () => {
    const monitored: RedisProcess = await startRedis();
    const state: RedisProcess = await startRedis();
    cleanup.push(
      () => monitored.kill(),
      () => state.kill(),
    );
    const proxy: TcpProxy = await startTcpProxy(state.port);
    cleanup.push(() => proxy.close());
    const direct = new Redis(state.url);
    cleanup.push(() => void direct.disconnect());

    const pollerA = startPoller(monitored.url, { intervalMs: 100 });
    pollerA.pausePolling();
    const pollerB = startPoller(monitored.url, { intervalMs: 100 });
    pollerB.pausePolling();
    cleanup.push(
      () => pollerA.stop(),
      () => pollerB.stop(),
    );
    const linesA: string[] = [];
    const a = replicaOf(`redis://127.0.0.1:${proxy.port}`, pollerA, linesA);
    await a.start();
    expect(a.owns('default')).toBe(true);
    const b = replicaOf(state.url, pollerB, []);
    await b.start();
    expect(b.owns('default')).toBe(false);
    const tokenA = a.fenceToken('default')!;
    expect(tokenA).toMatch(new RegExp(`^${a.replicaId}:\\d+$`));
    expect(await direct.get(leaseKey('default'))).toBe(tokenA);

    // Sample who polls every 10 ms from the black hole on.
    let lastA = 0;
    let firstB = 0;
    const cutAt = performance.now();
    proxy.blackhole(true);
    const deadline = cutAt + LEASE_MS * 3;
    while (performance.now() < deadline && !(firstB && !pollerA.isPolling)) {
      if (pollerA.isPolling) lastA = performance.now();
      if (pollerB.isPolling && !firstB) firstB = performance.now();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(firstB, 'B never took over').toBeGreaterThan(0);
    expect(pollerA.isPolling).toBe(false);
    const stoppedAfter = lastA - cutAt;
    const takenAfter = firstB - cutAt;
    console.log(`[replication] A stopped ${stoppedAfter.toFixed(0)} ms after the cut, B polled from ${takenAfter.toFixed(0)} ms: never both`);
    // A stops on its own deadline: at most lease - margin after its last confirmed renewal.
    expect(stoppedAfter).toBeLessThanOrEqual(LEASE_MS - MARGIN_MS + 100);
    expect(lastA).toBeLessThan(firstB);
    // Whichever comes first: the renewal's command timeout or the local deadline.
    expect(linesA.some((l) => /not confirmed within|lease of default unknown/.test(l))).toBe(true);

    // Fencing: B's token is a new epoch; A's old token no longer writes alert state.
    const tokenB = b.fenceToken('default')!;
    expect(tokenB).not.toBe(tokenA);
    const alertState = { targetId: 'default', rules: {} } as never;
    const stale = new SharedAlertState(direct, STATE_KEYS.alertStates, () => tokenA);
    expect(await stale.save([alertState])).toBe(0);
    const current = new SharedAlertState(direct, STATE_KEYS.alertStates, (id) => b.fenceToken(id));
    expect(await current.save([alertState])).toBe(1);
    // And A itself, cut off, offers no token at all.
    expect(a.fenceToken('default')).toBeNull();
  });
});
