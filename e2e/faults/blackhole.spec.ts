import { startApp } from '../../scripts/harness/app-process';
import { startRedis } from '../../scripts/harness/redis-process';
import { startTcpProxy, type BlackholeMode } from '../../scripts/harness/tcp-proxy';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { health, recordSnapshots, sleep, STACK_FRAME, type Received } from './fault-support';

/**
 * Fault suite 3: a TCP proxy between the app and Redis black-holes the traffic. Connections stay
 * open, nothing is forwarded, nothing is closed (no FIN, no RST): only the poll timeout can tell.
 * The app must say so within the timeout plus two intervals, and come back through a new
 * connection once the proxy forwards again. Two kinds of hole (scripts/harness/tcp-proxy.ts):
 * `drop` loses the bytes and keeps the connections open during it silent for good; `hold` delivers
 * them late.
 */

const POLL_TIMEOUT_MS = 1000;
/** Longer than the poll timeout plus ioredis's 2 s disconnectTimeout, so the app reconnects into the hole. */
const BLACKHOLE_MS = 5000;
/**
 * After the restore a connection stuck in the hole must time out (the poll timeout), then the
 * reconnect backoff (capped at 1 s) runs, then one poll: 2.25 s, plus margin for a loaded machine.
 */
const RECOVER_LIMIT_MS = POLL_TIMEOUT_MS + 1000 + POLL_MS + 1250;

const modes: { mode: BlackholeMode; what: string }[] = [
  // A middlebox that lost its state: only connections made after the restore work.
  { mode: 'drop', what: 'bytes lost for good' },
  // TCP retransmitting across a dead path: everything arrives late.
  { mode: 'hold', what: 'bytes delivered after the restore' },
];

for (const { mode, what } of modes) {
  test(`black hole (${mode}, ${what}): detected by the poll timeout, then back through a new connection`, async () => {
    test.setTimeout(60_000);
    const server = await startRedis();
    const proxy = await startTcpProxy(server.port);
    const app = await startApp({
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      FRAGSCOPE_POLL_MS: String(POLL_MS),
      FRAGSCOPE_POLL_TIMEOUT_MS: String(POLL_TIMEOUT_MS),
    });
    const stream = await recordSnapshots(app.url);
    try {
      await waitForSample(app.url);
      await stream.waitFor((s) => s.ok, 0, 5000, 'first good');
      await sleep(500);
      const before = proxy.connections().filter((c) => c.state === 'forwarding' && c.bytesDown > 0);
      expect(before).toHaveLength(1);

      const holedAt = Date.now();
      proxy.blackhole(true, mode);
      const stale = await stream.waitFor((s) => !s.ok, holedAt, 5000, 'stale');
      const timedOut = await stream.waitFor(
        (s) => /no reply for \d+ ms/.test(s.error ?? '') && s.derived.connection === 'disconnected',
        holedAt,
        5000,
        'hard timeout',
      );
      const detectMs = stale.receivedAt - holedAt;
      const timeoutMs = timedOut.receivedAt - holedAt;
      await sleep(Math.max(0, holedAt + BLACKHOLE_MS - Date.now()));
      const duringHole = stream.received.filter((r) => r.receivedAt >= stale.receivedAt);
      const lastBeforeRestore = proxy.connections().at(-1)?.id ?? 0;

      const restoredAt = Date.now();
      proxy.blackhole(false);
      let recovered: Received | null = null;
      try {
        recovered = await stream.waitFor((s) => s.ok, restoredAt, 8000, 'ok after the path is restored');
      } finally {
        const states = duringHole.map((r) => `${r.snapshot.derived.connection}${r.snapshot.error ? ` (${r.snapshot.error.replace(/\d+ ms/, 'N ms')})` : ''}`);
        console.log(
          `[faults] black hole ${mode}: first stale sample after ${detectMs} ms (${stale.snapshot.derived.connection}), ` +
            `hard timeout after ${timeoutMs} ms; samples during the hole: ${[...new Set(states)].join('; ')}; ` +
            `ok again ${recovered ? `${recovered.receivedAt - restoredAt} ms after the restore` : 'NEVER (within 8 s)'}; ` +
            `proxy connections ${JSON.stringify(proxy.connections())}`,
        );
      }
      expect(detectMs).toBeLessThanOrEqual(POLL_TIMEOUT_MS + 2 * POLL_MS);
      expect(timeoutMs).toBeLessThanOrEqual(POLL_TIMEOUT_MS + 2 * POLL_MS + 250);
      // Every sample of the black hole says it is stale: stalled or disconnected, never "connected".
      expect(duringHole.length).toBeGreaterThanOrEqual(12);
      for (const r of duringHole) {
        expect(r.snapshot.ok).toBe(false);
        expect(r.snapshot.derived.connection, `a sample during the black hole: ${r.snapshot.error}`).toMatch(/^(stalled|disconnected)$/);
      }
      expect(recovered!.receivedAt - restoredAt).toBeLessThan(RECOVER_LIMIT_MS);
      // Back through a new connection: never the one that was black-holed (after `drop`, one made after the restore).
      const newerThan = mode === 'drop' ? lastBeforeRestore : before[0]!.id;
      const fresh = proxy.connections().filter((c) => c.id > newerThan && c.state === 'forwarding' && c.bytesDown > 0);
      expect(fresh.length).toBeGreaterThanOrEqual(1);
      await sleep(1000);
      const [target] = (await health(app.url)).targets;
      expect(target).toMatchObject({ connected: true, maxPollsInFlight: 1 });
      // No pile-up: the app keeps one live connection through the proxy.
      expect(proxy.connections().filter((c) => c.state === 'forwarding').length).toBeLessThanOrEqual(2);
      expect(app.output()).not.toMatch(STACK_FRAME);
    } finally {
      stream.close();
      await app.kill();
      await proxy.close();
      await server.kill();
    }
  });
}
