import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAlertRules } from '@/lib/alerts/rules-config';
import type { WebhookPayload } from '@/lib/alerts/webhook-payload';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { nextSnapshot, startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';
import { startAlerting, type AlertingDeps, type AlertManager } from './alert-manager';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.test-support';

/**
 * End to end: a real redis-server watched by a real poller, the manager on an injected clock,
 * a real HTTP receiver that fails the first attempt with 503. The receiver must see exactly one
 * `firing` and one `resolved` per alert, and a restarted manager must not fire an open alert again.
 */

const INTERVAL = 100;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function redis(options: Parameters<typeof startRedis>[0] = {}): Promise<RedisProcess> {
  const server = await startRedis(options);
  cleanups.push(() => server.kill());
  return server;
}

function poll(server: RedisProcess): TargetPoller {
  const poller = startPoller(server.url, { intervalMs: INTERVAL, timeoutMs: 1000 });
  cleanups.push(() => poller.stop());
  return poller;
}

async function receiver(): Promise<WebhookReceiver> {
  const hook = await startWebhookReceiver([503]);
  cleanups.push(() => hook.close());
  return hook;
}

function harness(poller: TargetPoller, hook: WebhookReceiver, overrides: object) {
  const parsed = parseAlertRules(JSON.stringify(overrides));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-alerting-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const clock = { now: Date.now() };
  const deps: AlertingDeps = {
    pollers: [poller],
    dataDir,
    rules: parsed.rules,
    webhookUrl: hook.url,
    now: () => clock.now,
    // Time moves only when the test says so; tick() is called by hand.
    tickMs: 0,
    delivery: { retryDelaysMs: [20, 40, 80, 160] },
    log: () => undefined,
  };
  const start = (): AlertManager => {
    const manager = startAlerting(deps);
    cleanups.push(() => manager.stop());
    return manager;
  };
  return { clock, start, file: () => JSON.parse(readFileSync(path.join(dataDir, 'alerts.json'), 'utf8')) };
}

const bodies = (hook: WebhookReceiver) => hook.accepted().map((r) => r.body as WebhookPayload);

describe('alerting against a real redis-server', () => {
  it('target-down: kill, fire after forSeconds, survive a manager restart, resolve when the server is back', async () => {
    const server = await redis();
    const poller = poll(server);
    const hook = await receiver();
    const { clock, start, file } = harness(poller, hook, { 'target-down': { forSeconds: 30 } });
    let manager = start();
    await manager.ready;
    await nextSnapshot(poller, (s) => s.ok);
    const lastUp = clock.now;

    await server.kill();
    await nextSnapshot(poller, (s) => !s.ok);
    expect(manager.active()).toEqual([]);
    clock.now += 29_999;
    await manager.tick();
    expect(manager.active()).toEqual([]);
    clock.now += 1;
    await manager.tick();
    expect(manager.active()).toMatchObject([{ rule: 'target-down', since: lastUp }]);
    await hook.waitForAccepted(1);

    // A dashboard restart while the alert is open: it stays open and nothing is sent again.
    await manager.stop();
    manager = start();
    await manager.ready;
    expect(manager.active()).toMatchObject([{ rule: 'target-down', since: lastUp }]);
    clock.now += 60_000;
    await nextSnapshot(poller, (s) => !s.ok);
    await manager.tick();
    await manager.settled();
    expect(bodies(hook).map((b) => b.status)).toEqual(['firing']);

    const back = await redis({ port: server.port });
    expect(back.port).toBe(server.port);
    await nextSnapshot(poller, (s) => s.ok, 10_000);
    clock.now += 1000;
    await nextSnapshot(poller, (s) => s.ok);
    await manager.tick();
    await manager.settled();
    expect(manager.active()).toEqual([]);

    const received = bodies(hook);
    expect(received.map((b) => `${b.rule}:${b.status}`)).toEqual(['target-down:firing', 'target-down:resolved']);
    expect(received[0]).toMatchObject({ target: 'default', since: new Date(lastUp).toISOString(), severity: 'critical' });
    expect(received[0]!.message).toMatch(/^no good sample for 30 s/);
    expect(received[1]).toMatchObject({ since: received[0]!.since, message: 'the target answers again' });
    // The first attempt was refused with 503 and retried under the same key.
    expect(hook.requests.map((r) => r.status)).toEqual([503, 204, 204]);
    expect(hook.requests[0]!.headers['idempotency-key']).toBe(hook.requests[1]!.headers['idempotency-key']);
    expect(file().targets[0].rules['target-down'].phase).toBe('inactive');
  });

  it('rss-ratio-high with short configured durations: fires after forMinutes, resolves when used_memory drops', async () => {
    const server = await redis();
    const client = new Redis(server.url);
    cleanups.push(() => void client.disconnect());
    const poller = poll(server);
    const hook = await receiver();
    // A threshold every real ratio exceeds, so only used_memory (>= 5 MB) decides.
    const { clock, start } = harness(poller, hook, { 'rss-ratio-high': { threshold: 0.5, forMinutes: 1 }, 'target-down': { enabled: false } });
    const manager = start();
    await manager.ready;

    await client.call('DEBUG', 'POPULATE', '100000', 'key', '100');
    const big = await nextSnapshot(poller, (s) => s.ok && (s.info.used_memory ?? 0) >= 5 * 1024 * 1024);
    const since = clock.now;
    expect(big.info.mem_fragmentation_ratio).toBeGreaterThan(0.5);
    clock.now += 59_999;
    await nextSnapshot(poller, (s) => s.ok);
    expect(manager.active()).toEqual([]);
    clock.now += 1;
    await nextSnapshot(poller, (s) => s.ok);
    expect(manager.active()).toMatchObject([{ rule: 'rss-ratio-high', since }]);
    for (let i = 0; i < 5; i++) {
      clock.now += 60_000;
      await nextSnapshot(poller, (s) => s.ok);
    }

    await client.flushall();
    await nextSnapshot(poller, (s) => s.ok && (s.info.used_memory ?? Infinity) < 5 * 1024 * 1024, 5000);
    await manager.settled();
    expect(manager.active()).toEqual([]);
    const received = bodies(hook);
    expect(received.map((b) => `${b.rule}:${b.status}`)).toEqual(['rss-ratio-high:firing', 'rss-ratio-high:resolved']);
    expect(received[0]!.message).toMatch(/^mem_fragmentation_ratio is \d+\.\d\d, above 0\.5/);
    expect(received[1]!.message).toMatch(/under 5 MiB/);
    expect(hook.requests.map((r) => r.status)).toEqual([503, 204, 204]);
  });
});
