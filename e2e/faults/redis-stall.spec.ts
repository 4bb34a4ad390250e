import Redis from 'ioredis';
import { startApp } from '../../scripts/harness/app-process';
import { startRedis } from '../../scripts/harness/redis-process';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { health, recordSnapshots, sleep, STACK_FRAME } from './fault-support';

/**
 * Fault suite 2: Redis stops answering for longer than the poll timeout, while its sockets stay
 * open: `CLIENT PAUSE <ms> ALL` and `DEBUG SLEEP <s>`. The samples must say stale within two
 * intervals, the poller must not pile up polls or connections, and it must recover afterwards.
 */

const POLL_TIMEOUT_MS = 1000;
const STALL_MS = 3000;
/** "Within two intervals", plus what a loaded 2-core machine adds to an SSE delivery. */
const DETECT_LIMIT_MS = 2 * POLL_MS + 250;
/** The reconnect made during the stall answers as soon as Redis does; one poll and some slack. */
const RECOVER_LIMIT_MS = 2000;
/** The poller's connection, a reconnect that has not been reaped yet, an admin read: 3 at most. */
const APP_CLIENTS_LIMIT = 3;

const connectedClients = async (client: Redis) => Number(/^connected_clients:(\d+)/m.exec(await client.info('clients'))![1]);

const stalls: { name: string; start: (staller: Redis) => void }[] = [
  {
    name: `CLIENT PAUSE ${STALL_MS} ALL`,
    // Replies at once; from then on Redis holds every client's commands for STALL_MS.
    start: (staller) => void staller.call('CLIENT', 'PAUSE', String(STALL_MS), 'ALL').catch(() => undefined),
  },
  {
    name: `DEBUG SLEEP ${STALL_MS / 1000}`,
    // The whole server sleeps (the reply comes after it wakes): nothing is read, nothing answered.
    start: (staller) => void staller.call('DEBUG', 'SLEEP', String(STALL_MS / 1000)).catch(() => undefined),
  },
];

for (const stall of stalls) {
  test(`Redis stalled by ${stall.name}: stale within two intervals, no pile-up, then recovery`, async () => {
    test.setTimeout(60_000);
    const server = await startRedis();
    const direct = new Redis(server.url, { maxRetriesPerRequest: 1 });
    const staller = new Redis(server.url, { maxRetriesPerRequest: 0 });
    direct.on('error', () => {});
    staller.on('error', () => {});
    const app = await startApp({
      REDIS_URL: server.url,
      FRAGSCOPE_POLL_MS: String(POLL_MS),
      FRAGSCOPE_POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
    });
    const stream = await recordSnapshots(app.url);
    try {
      await waitForSample(app.url);
      await stream.waitFor((s) => s.ok, 0, 5000, 'first good');
      await staller.ping();
      await sleep(600); // a few good samples first
      const [before] = (await health(app.url)).targets;

      const stalledAt = Date.now();
      stall.start(staller);
      const stale = await stream.waitFor((s) => !s.ok, stalledAt, 3000, 'stale');
      const detectMs = stale.receivedAt - stalledAt;
      // The poll timeout fires while Redis is still silent: the connection is dropped and redone.
      const dropped = await stream.waitFor((s) => s.derived.connection === 'disconnected', stalledAt, 3000, 'disconnected after the poll timeout');
      const droppedMs = dropped.receivedAt - stalledAt;
      const endsAt = stalledAt + STALL_MS;
      const recovered = await stream.waitFor((s) => s.ok, endsAt, 10_000, 'ok after the stall');
      const recoverMs = recovered.receivedAt - endsAt;
      const elapsedMs = Date.now() - stalledAt;
      const [after] = (await health(app.url)).targets;

      const during = stream.received.filter((r) => r.receivedAt >= stale.receivedAt && r.receivedAt < endsAt);
      const states = [...new Set(during.map((r) => r.snapshot.derived.connection))];
      console.log(
        `[faults] ${stall.name}: first stale sample after ${detectMs} ms (${stale.snapshot.derived.connection}: ${stale.snapshot.error}); ` +
          `connection dropped by the poll timeout after ${droppedMs} ms; ok again ${recoverMs} ms after the stall ended; ` +
          `states during the stall: ${states.join(', ')}; polls ${after!.polls - before!.polls} in ${elapsedMs} ms`,
      );

      expect(stale.snapshot.derived.connection).toMatch(/^(stalled|disconnected)$/);
      expect(stale.snapshot.error).toBeTruthy();
      expect(detectMs).toBeLessThanOrEqual(DETECT_LIMIT_MS);
      // Detected by the timeout, not by a closed socket: the drop names it.
      expect(dropped.snapshot.error).toMatch(/no reply for \d+ ms/);
      expect(droppedMs).toBeLessThanOrEqual(POLL_TIMEOUT_MS + 2 * POLL_MS + 250);
      // Every sample of the stall says it is stale: stalled or disconnected, never "connected".
      expect(during.length).toBeGreaterThanOrEqual(8);
      for (const r of during) {
        expect(r.snapshot.ok, 'an ok sample while Redis was stalled').toBe(false);
        expect(r.snapshot.derived.connection, `a sample during the stall: ${r.snapshot.error}`).toMatch(/^(stalled|disconnected)$/);
      }
      expect(recoverMs).toBeLessThan(RECOVER_LIMIT_MS);

      // No pile-up: one poll at a time, and no burst of polls once Redis answers again.
      expect(after!.maxPollsInFlight).toBe(1);
      expect(after!.polls - before!.polls).toBeLessThanOrEqual(Math.ceil(elapsedMs / POLL_MS) + 2);
      staller.disconnect();
      await sleep(1000); // let Redis reap the connections the app gave up on
      const clients = await connectedClients(direct);
      console.log(`[faults] ${stall.name}: connected_clients after recovery ${clients} (1 of them this test's)`);
      expect(clients - 1).toBeLessThanOrEqual(APP_CLIENTS_LIMIT);
      await sleep(500);
      expect((await health(app.url)).targets[0]).toMatchObject({ connected: true, maxPollsInFlight: 1 });
      expect(app.output()).not.toMatch(STACK_FRAME);
    } finally {
      stream.close();
      staller.disconnect();
      direct.disconnect();
      await app.kill();
      await server.kill();
    }
  });
}
