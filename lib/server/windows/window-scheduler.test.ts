import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { OnceSpec, StoredWindow } from '@/lib/windows';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { resolveEngineBinary } from '@/scripts/lab/engines';
import { AuditLog } from '../audit/audit-log';
import { parseConfig, type TargetConfig } from '../core/env';
import { WindowScheduler } from './window-scheduler';
import { WindowStore } from './window-store';

/**
 * Maintenance windows against real servers: the lab's defrag-capable build (defrag really turns
 * on) and Debian's packaged one (Redis refuses). Real time, 5-second windows, 100 ms ticks.
 */

const TICK_MS = 100;

interface Rig {
  dataDir: string;
  store: WindowStore;
  audit: AuditLog;
  scheduler: WindowScheduler;
}

const schedulers: WindowScheduler[] = [];
afterEach(() => {
  for (const s of schedulers.splice(0)) s.stop();
});

function rig(target: TargetConfig, dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-windows-'))): Rig {
  const store = new WindowStore(dataDir);
  const audit = new AuditLog(dataDir);
  const scheduler = new WindowScheduler({ store, targets: [target], tickMs: TICK_MS, applyContext: () => ({ target, tlsCa: null, audit }) });
  schedulers.push(scheduler);
  return { dataDir, store, audit, scheduler };
}

function onceWindow(target: TargetConfig, startInMs: number, lengthMs: number, preset = 'low-latency'): StoredWindow & OnceSpec {
  const now = Date.now();
  return {
    kind: 'once',
    start: new Date(now + startInMs).toISOString(),
    end: new Date(now + startInMs + lengthMs).toISOString(),
    preset,
    id: `w-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    targetId: target.id,
    createdAt: new Date(now).toISOString(),
    createdBy: 'test',
  };
}

async function configOf(client: Redis): Promise<Record<string, string>> {
  const reply = (await client.call('CONFIG', 'GET', 'active*')) as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i < reply.length; i += 2) out[reply[i]!] = reply[i + 1]!;
  return out;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: last ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('maintenance windows on the lab build (defrag-capable)', () => {
  let server: RedisProcess;
  let direct: Redis;
  let target: TargetConfig;
  beforeAll(async () => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    server = await startRedis({ binary });
    direct = new Redis(server.url);
    target = parseConfig({ REDIS_URL: server.url }).targets[0]!;
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
  });

  // One failing test must not leave a window's values behind for the next one to "restore".
  afterEach(async () => {
    await direct.call(
      'CONFIG',
      'SET',
      'activedefrag',
      'no',
      'active-defrag-cycle-min',
      '1',
      'active-defrag-cycle-max',
      '25',
      'active-defrag-max-scan-fields',
      '1000',
      'active-defrag-threshold-lower',
      '10',
      'active-defrag-threshold-upper',
      '100',
      'active-defrag-ignore-bytes',
      '104857600',
    );
  });

  it('a 5-second window turns defrag on with its preset and restores the previous values at its end', async () => {
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '30', 'active-defrag-max-scan-fields', '2000');
    const before = await configOf(direct);
    const { store, audit, scheduler } = rig(target);
    const window = onceWindow(target, 500, 5000);
    await store.addWindow(window);
    scheduler.start();
    const during = await until(
      'the window to start',
      () => configOf(direct),
      (c) => c.activedefrag === 'yes',
    );
    expect(during['active-defrag-cycle-max']).toBe('10');
    expect(during['active-defrag-max-scan-fields']).toBe('500');
    // The state is marked applied just after the write lands: wait for it rather than race it.
    const state = await until(
      'the state to be marked applied',
      async () => store.active(target.id),
      (a) => a?.applied === true,
    );
    expect(state).toMatchObject({ windowId: window.id, saved: { activedefrag: 'no', 'active-defrag-cycle-max': '30' } });
    const after = await until(
      'the window to end',
      () => configOf(direct),
      (c) => c.activedefrag === 'no',
      10_000,
    );
    // Not a moment before the end (the check runs after the restore was seen, so this bounds it).
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(window.end));
    expect(after).toEqual(before);
    // The running state is cleared just after the restore lands: wait for it rather than race it.
    await until(
      'the running state to be cleared',
      async () => store.active(target.id),
      (a) => a === null,
    );
    const actions = (await audit.list()).entries.map((e) => [e.action, e.result, e.actor]);
    expect(actions).toEqual([
      ['window-end', 'applied', 'scheduler'],
      ['window-start', 'applied', 'scheduler'],
    ]);
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '25', 'active-defrag-max-scan-fields', '1000');
  });

  it('a restart inside a window carries on and still restores at the end', async () => {
    const before = await configOf(direct);
    const first = rig(target);
    const window = onceWindow(target, 0, 4000);
    await first.store.addWindow(window);
    first.scheduler.start();
    await until(
      'the window to start',
      () => configOf(direct),
      (c) => c.activedefrag === 'yes',
    );
    await until(
      'the state to be saved as applied',
      async () => first.store.active(target.id),
      (a) => a?.applied === true,
    );
    first.scheduler.stop(); // the dashboard dies here
    const second = rig(target, first.dataDir);
    second.scheduler.start();
    await new Promise((r) => setTimeout(r, 500));
    expect((await configOf(direct)).activedefrag).toBe('yes'); // not restored early, not re-saved
    await until(
      'the restarted scheduler to restore',
      () => configOf(direct),
      (c) => c.activedefrag === 'no',
      8000,
    );
    expect(await configOf(direct)).toEqual(before);
    const starts = (await second.audit.list()).entries.filter((e) => e.action === 'window-start');
    expect(starts).toHaveLength(1);
  });

  it('a restart that slept through the end restores at once', async () => {
    const before = await configOf(direct);
    const first = rig(target);
    const window = onceWindow(target, 0, 1500);
    await first.store.addWindow(window);
    first.scheduler.start();
    await until(
      'the window to start',
      () => configOf(direct),
      (c) => c.activedefrag === 'yes',
    );
    first.scheduler.stop();
    await new Promise((r) => setTimeout(r, 2000)); // the end passes while nobody runs
    expect((await configOf(direct)).activedefrag).toBe('yes');
    const second = rig(target, first.dataDir);
    const t0 = Date.now();
    await second.scheduler.tick();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(await configOf(direct)).toEqual(before);
  });

  it('a crash between saving and writing re-applies, and restores the values saved before the window', async () => {
    const before = await configOf(direct);
    const { store, dataDir } = rig(target);
    // Long enough that a loaded machine still re-applies inside it.
    const window = onceWindow(target, 0, 6000);
    await store.addWindow(window);
    // What the store holds if the process died right after saving, before CONFIG SET.
    await store.setActive({
      targetId: target.id,
      windowId: window.id,
      start: Date.parse(window.start),
      end: Date.parse(window.end),
      saved: {
        activedefrag: 'no',
        'active-defrag-cycle-max': '25',
        'active-defrag-cycle-min': '1',
        'active-defrag-max-scan-fields': '1000',
        'active-defrag-threshold-lower': '10',
        'active-defrag-threshold-upper': '100',
      },
      applied: false,
    });
    const restarted = rig(target, dataDir);
    restarted.scheduler.start();
    await until(
      'the window to be applied',
      () => configOf(direct),
      (c) => c.activedefrag === 'yes',
    );
    const resumed = await until(
      'the state to be marked applied',
      async () => restarted.store.active(target.id),
      (a) => a?.applied === true,
    );
    expect(resumed?.saved['active-defrag-cycle-max']).toBe('25');
    await until(
      'the restore',
      () => configOf(direct),
      (c) => c.activedefrag === 'no',
      12_000,
    );
    expect(await configOf(direct)).toEqual(before);
  });

  it('deleting a running window restores at once', async () => {
    const before = await configOf(direct);
    const { store, scheduler } = rig(target);
    const window = onceWindow(target, 0, 60_000);
    await store.addWindow(window);
    scheduler.start();
    await until(
      'the window to start',
      () => configOf(direct),
      (c) => c.activedefrag === 'yes',
    );
    await store.removeWindow(window.id);
    await scheduler.tick();
    expect(await configOf(direct)).toEqual(before);
  });
});

describe('maintenance windows on the packaged build (defrag unsupported)', () => {
  let server: RedisProcess;
  let direct: Redis;
  let target: TargetConfig;
  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
    target = parseConfig({ REDIS_URL: server.url }).targets[0]!;
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
  });

  it('a refused start changes nothing, is audited once with Redis text, and is not retried every tick', async () => {
    const before = await configOf(direct);
    const { store, audit, scheduler } = rig(target);
    await store.addWindow(onceWindow(target, 0, 5000));
    scheduler.start();
    await until(
      'the refused start',
      () => audit.list(),
      (l) => l.entries.length > 0,
    );
    await new Promise((r) => setTimeout(r, 1500)); // 15 ticks
    const { entries } = await audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: 'window-start', result: 'refused', error: expect.stringMatching(/Active defragmentation cannot be enabled/) });
    expect(await configOf(direct)).toEqual(before);
    expect(store.active(target.id)).toBeNull();
  });
});
