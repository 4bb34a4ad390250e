import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeSnapshot, type SnapshotPatch } from '@/lib/decision/snapshot.test-support';
import { parseAlertRules } from '@/lib/alerts/rules-config';
import type { WebhookPayload } from '@/lib/alerts/webhook-payload';
import type { Snapshot } from '@/lib/snapshot';
import { startAlerting, type AlertingDeps, type AlertManager, type PollerLike } from './alert-manager';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.test-support';

/** The manager with synthetic pollers: persistence and delivery rules, no Redis needed. */

class FakePoller implements PollerLike {
  private readonly listeners = new Set<(s: Snapshot) => void>();
  constructor(readonly target: { id: string }) {}
  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(patch: SnapshotPatch = {}): void {
    const snapshot = { ...makeSnapshot(patch), targetId: this.target.id };
    for (const listener of this.listeners) listener(snapshot);
  }
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function rules(overrides: object) {
  const parsed = parseAlertRules(JSON.stringify(overrides));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return parsed.rules;
}

/** Only target-down, 30 s: the other rules stay quiet on these samples. */
const DOWN_ONLY = rules({ 'rss-ratio-high': { enabled: false }, 'ratio-climbing': { enabled: false }, 'effort-at-max': { enabled: false } });

function setup() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-alerts-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const clock = { now: 1_800_000_000_000 };
  const logs: string[] = [];
  const start = (deps: Partial<AlertingDeps> & Pick<AlertingDeps, 'pollers'>): AlertManager => {
    const manager = startAlerting({
      dataDir,
      rules: DOWN_ONLY,
      now: () => clock.now,
      tickMs: 0,
      delivery: { retryDelaysMs: [5, 10, 20, 40] },
      log: (m) => logs.push(m),
      ...deps,
    });
    cleanups.push(() => manager.stop());
    return manager;
  };
  return { dataDir, clock, logs, start, file: () => JSON.parse(readFileSync(path.join(dataDir, 'alerts.json'), 'utf8')) };
}

async function receiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const r = await startWebhookReceiver(statuses);
  cleanups.push(() => r.close());
  return r;
}

const statuses = (hook: WebhookReceiver) => hook.accepted().map((r) => `${(r.body as WebhookPayload).rule}:${(r.body as WebhookPayload).status}`);

describe('AlertManager (synthetic samples, injected clock)', () => {
  it('fires and resolves target-down once each, saving the open alert to alerts.json', async () => {
    const { clock, start, file } = setup();
    const poller = new FakePoller({ id: 'cache-1' });
    const hook = await receiver([503]);
    const manager = start({ pollers: [poller], webhookUrl: hook.url });
    await manager.ready;
    const since = clock.now;
    poller.emit();
    clock.now += 1000;
    poller.emit({ ok: false, error: 'connect ECONNREFUSED' });
    clock.now += 29_000;
    await manager.tick();
    expect(manager.active()).toMatchObject([{ rule: 'target-down', targetId: 'cache-1', since, firedAt: clock.now, severity: 'critical' }]);
    expect(manager.active('other')).toEqual([]);
    for (let i = 0; i < 5; i++) {
      clock.now += 1000;
      poller.emit({ ok: false });
      await manager.tick();
    }
    await manager.settled();
    expect(file().targets[0].rules['target-down']).toMatchObject({ phase: 'firing', since });
    expect(file().outbox).toEqual([]);
    expect(file().sent).toMatchObject([{ key: `cache-1:target-down:${since}:firing`, outcome: 'delivered' }]);
    poller.emit();
    await manager.settled();
    expect(manager.active()).toEqual([]);
    expect(statuses(hook)).toEqual(['target-down:firing', 'target-down:resolved']);
    expect(hook.requests.map((r) => r.status)).toEqual([503, 204, 204]);
    expect(hook.accepted()[1]!.headers['idempotency-key']).toBe(`cache-1:target-down:${since}:resolved`);
    expect(file().targets[0].rules['target-down'].phase).toBe('inactive');
  });

  it('records each fire with the firing sample figures and its resolve in the history, which a restart keeps', async () => {
    const { clock, start } = setup();
    const poller = new FakePoller({ id: 'cache-1' });
    const RATIO = rules({ 'rss-ratio-high': { threshold: 1.5, forMinutes: 1 }, 'ratio-climbing': { enabled: false }, 'effort-at-max': { enabled: false } });
    const first = start({ pollers: [poller], rules: RATIO });
    await first.ready;
    const high = { info: { mem_fragmentation_ratio: 2.31, allocator_frag_ratio: 1.42, allocator_frag_bytes: 9_437_184, used_memory: 40_000_000 } };
    const firedFrom = clock.now;
    poller.emit(high);
    clock.now += 61_000;
    poller.emit(high);
    clock.now += 120_000;
    poller.emit({ info: { mem_fragmentation_ratio: 1.1, used_memory: 40_000_000 } });
    await first.settled();
    await first.stop();

    const second = start({ pollers: [poller], rules: RATIO });
    await second.ready;
    const history = await second.history({ page: 1, pageSize: 50 });
    const entry = history.entries.find((e) => e.rule === 'rss-ratio-high');
    expect(entry).toMatchObject({ targetId: 'cache-1', state: 'resolved', since: firedFrom, firedAt: firedFrom + 61_000, durationMs: 120_000 });
    expect(entry!.fired).toMatchObject({ threshold: 1.5, value: 2.31, figures: { rssRatio: 2.31, allocatorRatio: 1.42, allocatorFragBytes: 9_437_184 } });
    expect(history.targets).toEqual(['cache-1']);
  });

  it('a restart from the same data dir neither fires an open alert again nor forgets it', async () => {
    const { clock, start } = setup();
    const hook = await receiver();
    const poller = new FakePoller({ id: 'cache-1' });
    const first = start({ pollers: [poller], webhookUrl: hook.url });
    await first.ready;
    poller.emit();
    clock.now += 31_000;
    await first.tick();
    await first.settled();
    await first.stop();

    clock.now += 10 * 60_000;
    const second = start({ pollers: [poller], webhookUrl: hook.url });
    await second.ready;
    expect(second.active()).toMatchObject([{ rule: 'target-down' }]);
    for (let i = 0; i < 40; i++) {
      clock.now += 1000;
      poller.emit({ ok: false });
      await second.tick();
    }
    await second.settled();
    expect(statuses(hook)).toEqual(['target-down:firing']);
    poller.emit();
    await second.settled();
    expect(statuses(hook)).toEqual(['target-down:firing', 'target-down:resolved']);
    expect(new Set(hook.accepted().map((r) => (r.body as WebhookPayload).since)).size).toBe(1);
  });

  it('a delivery cut short by a stop is kept and sent by the next start, with the same key', async () => {
    const { clock, start, file } = setup();
    const down = await receiver([503]);
    const poller = new FakePoller({ id: 'cache-1' });
    const first = start({ pollers: [poller], webhookUrl: down.url, delivery: { retryDelaysMs: [60_000] } });
    await first.ready;
    poller.emit();
    clock.now += 31_000;
    await first.tick();
    while (down.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await first.stop();
    expect(file().outbox).toHaveLength(1);

    const up = await receiver();
    const second = start({ pollers: [poller], webhookUrl: up.url });
    await second.ready;
    await up.waitForAccepted(1);
    await second.settled();
    expect(up.accepted()[0]!.headers['idempotency-key']).toBe(down.requests[0]!.headers['idempotency-key']);
    expect(file().outbox).toEqual([]);
  });

  it('resolves the open alerts of a target no longer configured; a rule disabled since resolves too', async () => {
    const { clock, start } = setup();
    const hook = await receiver();
    const gone = new FakePoller({ id: 'gone' });
    const kept = new FakePoller({ id: 'kept' });
    const first = start({ pollers: [gone, kept], webhookUrl: hook.url });
    await first.ready;
    clock.now += 31_000;
    await first.tick();
    await first.settled();
    await first.stop();
    expect(statuses(hook)).toEqual(['target-down:firing', 'target-down:firing']);

    const second = start({ pollers: [kept], webhookUrl: hook.url, rules: rules({ 'target-down': { enabled: false } }) });
    await second.ready;
    await second.settled();
    expect(second.active()).toEqual([]);
    const resolved = hook
      .accepted()
      .slice(2)
      .map((r) => r.body as WebhookPayload);
    expect(resolved.map((p) => `${p.target}:${p.status}:${p.message}`).sort()).toEqual([
      'gone:resolved:the target is no longer monitored',
      'kept:resolved:the rule was disabled',
    ]);
  });

  it('without a webhook it still evaluates and persists; an unreadable file is moved aside', async () => {
    const { dataDir, clock, start, logs, file } = setup();
    writeFileSync(path.join(dataDir, 'alerts.json'), '{"version":1,"targets":[{"tor');
    const poller = new FakePoller({ id: 'cache-1' });
    const manager = start({ pollers: [poller] });
    await manager.ready;
    expect(logs[0]).toMatch(/alerts\.json cannot be read .*moved to .*alerts\.json\.unreadable-\d+, starting with no open alerts/);
    expect(readdirSync(dataDir).some((f) => f.startsWith('alerts.json.unreadable-'))).toBe(true);
    expect(manager.webhookConfigured).toBe(false);
    clock.now += 31_000;
    await manager.tick();
    await manager.settled();
    expect(manager.active()).toHaveLength(1);
    expect(file()).toMatchObject({ version: 1, outbox: [], sent: [] });
    expect(logs.some((m) => m.startsWith('alert fired: cache-1 target-down: no good sample for 31 s'))).toBe(true);
  });

  it('refuses a webhook URL that is not http(s)', () => {
    const { start } = setup();
    expect(() => start({ pollers: [], webhookUrl: 'file:///etc/passwd' })).toThrow('FRAGSCOPE_ALERT_WEBHOOK must be an http:// or https:// URL (got file://)');
  });
});
