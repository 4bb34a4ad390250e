import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OnceSpec, StoredWindow } from '@/lib/windows';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { startCutAfterWriteProxy, type CutAfterWriteProxy } from '@/scripts/harness/cut-after-write-proxy';
import { resolveEngineBinary } from '@/scripts/lab/engines';
import { AuditLog } from '../audit/audit-log';
import { parseConfig, type TargetConfig } from '../core/env';
import { WindowScheduler } from './window-scheduler';
import { WindowStore } from './window-store';

/**
 * Windows when things go wrong mid-way, on the lab's defrag-capable build: the connection breaks
 * after CONFIG SET landed, and an operator changes a parameter during the window. A clock of the
 * test's own drives the scheduler tick by tick; the server's values are read with redis-cli.
 */

const DEFAULTS = {
  activedefrag: 'no',
  'active-defrag-cycle-min': '1',
  'active-defrag-cycle-max': '25',
  'active-defrag-max-scan-fields': '1000',
  'active-defrag-threshold-lower': '10',
  'active-defrag-threshold-upper': '100',
  'active-defrag-ignore-bytes': '104857600',
};

describe('maintenance windows under faults (lab build)', () => {
  let server: RedisProcess;
  let direct: Redis;
  let proxy: CutAfterWriteProxy;
  let target: TargetConfig;
  let clock = 0;

  /** What the server holds, asked with redis-cli (not the code under test). */
  const cli = (): Record<string, string> => {
    const lines = execFileSync('/usr/bin/redis-cli', ['-p', String(server.port), 'CONFIG', 'GET', 'active*'], { encoding: 'utf8' })
      .trim()
      .split('\n');
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < lines.length; i += 2) out[lines[i]!] = lines[i + 1]!;
    return out;
  };

  const rig = () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-window-faults-'));
    const store = new WindowStore(dataDir);
    const audit = new AuditLog(dataDir);
    const scheduler = new WindowScheduler({ store, targets: [target], now: () => clock, applyContext: () => ({ target, tlsCa: null, audit }) });
    return { store, audit, scheduler };
  };

  const window = (lengthMs: number): StoredWindow & OnceSpec => ({
    kind: 'once',
    start: new Date(clock - 1000).toISOString(),
    end: new Date(clock + lengthMs).toISOString(),
    preset: 'low-latency',
    id: `w-${Math.random().toString(16).slice(2, 14).padEnd(12, '0')}`,
    targetId: target.id,
    createdAt: new Date(clock).toISOString(),
    createdBy: 'test',
  });

  beforeAll(async () => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    server = await startRedis({ binary });
    direct = new Redis(server.url);
    proxy = await startCutAfterWriteProxy(server.port);
    target = parseConfig({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` }).targets[0]!;
  });
  afterAll(async () => {
    direct?.disconnect();
    await proxy?.close();
    await server?.kill();
  });
  beforeEach(async () => {
    clock = Date.now();
    await direct.call('CONFIG', 'SET', ...Object.entries(DEFAULTS).flat());
  });

  it('a start whose connection breaks after CONFIG SET landed keeps the originals, re-reads on retry, and the end restores them', async () => {
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '30', 'active-defrag-max-scan-fields', '2000');
    const original = cli();
    const { store, audit, scheduler } = rig();
    const w = window(60_000);
    await store.addWindow(w);

    proxy.arm();
    await scheduler.tick();
    expect(proxy.cuts()).toBe(1);
    // The write landed although the scheduler never heard it.
    expect(cli()).toMatchObject({ activedefrag: 'yes', 'active-defrag-cycle-max': '10', 'active-defrag-max-scan-fields': '500' });
    const kept = store.active(target.id);
    expect(kept).toMatchObject({
      windowId: w.id,
      applied: false,
      saved: { activedefrag: 'no', 'active-defrag-cycle-max': '30', 'active-defrag-max-scan-fields': '2000' },
    });
    const [first] = (await audit.list()).entries;
    expect(first).toMatchObject({ action: 'window-start', result: 'unknown', before: { 'active-defrag-cycle-max': '30' }, after: null });

    // The retry (after its backoff) re-reads: the server already holds the window's values.
    clock += 6000;
    await scheduler.tick();
    expect(store.active(target.id)).toMatchObject({ applied: true, saved: kept!.saved });

    clock = Date.parse(w.end) + 1;
    await scheduler.tick();
    expect(store.active(target.id)).toBeNull();
    expect(cli()).toEqual(original);
    const end = (await audit.list()).entries.find((e) => e.action === 'window-end');
    expect(end).toMatchObject({ result: 'applied', after: { activedefrag: 'no', 'active-defrag-cycle-max': '30', 'active-defrag-max-scan-fields': '2000' } });
  });

  it('an end whose connection breaks after the restore landed keeps the state, and the retry finishes', async () => {
    const original = cli();
    const { store, scheduler } = rig();
    const w = window(60_000);
    await store.addWindow(w);
    await scheduler.tick();
    expect(cli().activedefrag).toBe('yes');
    clock = Date.parse(w.end) + 1;
    proxy.arm();
    await scheduler.tick();
    expect(proxy.cuts()).toBeGreaterThanOrEqual(1);
    expect(store.active(target.id)).not.toBeNull(); // not forgotten: the outcome was unknown
    clock += 6000;
    await scheduler.tick();
    expect(store.active(target.id)).toBeNull();
    expect(cli()).toEqual(original);
  });

  it('the end keeps (and reports) a parameter an operator changed during the window, and restores the rest', async () => {
    const original = cli();
    const { store, audit, scheduler } = rig();
    const w = window(60_000);
    await store.addWindow(w);
    await scheduler.tick();
    expect(cli()).toMatchObject({ activedefrag: 'yes', 'active-defrag-cycle-max': '10' });
    expect(store.active(target.id)?.setTo).toMatchObject({ activedefrag: 'yes', 'active-defrag-cycle-max': '10' });
    // The operator, by hand, during the window.
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '40');
    clock = Date.parse(w.end) + 1;
    await scheduler.tick();
    expect(store.active(target.id)).toBeNull();
    expect(cli()).toEqual({ ...original, 'active-defrag-cycle-max': '40' });
    const end = (await audit.list()).entries.find((e) => e.action === 'window-end');
    expect(end?.result).toBe('applied');
    expect(end?.requested).not.toHaveProperty('active-defrag-cycle-max');
    expect(end?.note).toContain('kept, because changed during the window: active-defrag-cycle-max (window set 10, now 40)');
  });
});
