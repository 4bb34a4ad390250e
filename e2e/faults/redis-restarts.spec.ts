import { startApp } from '../../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../../scripts/harness/redis-process';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { faultSeed, health, recordSnapshots, seededRandom, sleep, STACK_FRAME, watchHealth } from './fault-support';

/**
 * Fault suite 1: Redis is killed (SIGKILL) and started again on the same port 10 times while a
 * viewer streams. The app must stay up, mark every gap, reconnect within 2 s of the server's
 * return, and never have two polls in flight.
 */

const RESTARTS = 10;
const RECONNECT_LIMIT_MS = 2000;

test('Redis killed and restarted 10 times while streaming: gaps marked, back within 2 s each time, one poll in flight', async () => {
  test.setTimeout(90_000);
  const seed = faultSeed(1);
  const random = seededRandom(seed);
  let server: RedisProcess = await startRedis();
  const port = server.port;
  const app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS) });
  const watcher = watchHealth(app.url);
  const stream = await recordSnapshots(app.url);
  const reconnects: number[] = [];
  try {
    await waitForSample(app.url);
    await stream.waitFor((s) => s.ok, 0, 5000, 'first good');
    for (let round = 1; round <= RESTARTS; round++) {
      const killedAt = Date.now();
      await server.kill();
      const gap = await stream.waitFor((s) => !s.ok, killedAt, 3000, `ok:false (outage ${round})`);
      // Down for a while longer (seeded), so the reconnect backoff is caught at different points.
      await sleep(Math.round(random() * 1200));
      const restartedAt = Date.now();
      server = await startRedis({ port });
      const back = await stream.waitFor((s) => s.ok, restartedAt, 10_000, `ok:true after restart ${round}`);
      const reconnectMs = back.receivedAt - restartedAt;
      reconnects.push(reconnectMs);
      console.log(
        `[faults] restart ${round}: ok:false ${gap.receivedAt - killedAt} ms after the kill (${gap.snapshot.derived.connection}), ` +
          `down ${restartedAt - killedAt} ms, first ok snapshot ${reconnectMs} ms after the restart`,
      );
      // Every snapshot received while the server was down said so.
      const during = stream.received.filter((r) => r.receivedAt > gap.receivedAt && r.receivedAt < restartedAt);
      expect(
        during.every((r) => !r.snapshot.ok),
        `round ${round}: an ok sample while Redis was dead`,
      ).toBe(true);
      expect(app.child.exitCode, 'the app process exited').toBeNull();
      await sleep(300 + Math.round(random() * 500)); // some good samples between outages
    }
    const max = Math.max(...reconnects);
    console.log(`[faults] reconnect after restart (ms): ${reconnects.join(', ')}; max ${max} (seed ${seed})`);
    for (const [i, ms] of reconnects.entries()) expect(ms, `restart ${i + 1}`).toBeLessThan(RECONNECT_LIMIT_MS);

    const [target] = (await health(app.url)).targets;
    expect(target).toMatchObject({ id: 'default', connected: true, maxPollsInFlight: 1 });
    await watcher.stop();
    console.log(`[faults] /api/health answered 200 to all ${watcher.checks} checks during the restarts`);
    expect(watcher.failures).toEqual([]);
    expect(watcher.checks).toBeGreaterThan(50);
    expect(app.child.exitCode).toBeNull();
    expect(app.child.signalCode).toBeNull();
    expect(app.output(), 'a stack trace in the app log').not.toMatch(STACK_FRAME);
  } finally {
    stream.close();
    await watcher.stop();
    await app.kill();
    await server.kill();
  }
});
