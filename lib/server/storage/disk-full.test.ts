import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredWindow } from '@/lib/windows';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { AlertStore, EMPTY_ALERT_FILE } from '../alerts/alert-store';
import { AuditLog } from '../audit/audit-log';
import { applyConfigChange } from '../config/config-apply';
import { parseConfig } from '../core/env';
import { AppError } from '../core/errors';
import { WindowStore } from '../windows/window-store';
import { removeLeftoverTemps } from './durable-file';

/**
 * A full disk, for real: a 64 KiB tmpfs (mounting needs root). Nothing acknowledged may be lost
 * or torn, no good file may be replaced by a short one, and a change that cannot be audited is
 * not made.
 */

const root = mkdtempSync(path.join(os.tmpdir(), 'fragscope-disk-full-'));
let mounted = false;
let mountError = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', root], { stdio: 'pipe' });
  mounted = true;
} catch (error) {
  mountError = (error as Error).message.split('\n')[0] ?? '';
}
if (!mounted) console.warn(`[disk-full] SKIPPED: cannot mount a 64k tmpfs at ${root} (${mountError}); these tests need root`);

/** Fills what is left of the tmpfs; returns a function that frees it again. */
function fillDisk(dir: string): () => void {
  const file = path.join(dir, `filler-${Math.random().toString(16).slice(2)}`);
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(1024, 120);
  try {
    for (let i = 0; i < 1024; i++) writeSync(fd, chunk);
  } catch {
    // ENOSPC: full
  }
  try {
    for (let i = 0; i < 64; i++) writeSync(fd, chunk.subarray(0, 16));
  } catch {
    // the last few bytes
  }
  closeSync(fd);
  return () => rmSync(file, { force: true });
}

function freshDir(name: string): string {
  const dir = path.join(root, name);
  mkdirSync(dir);
  return dir;
}

function window(id: string): StoredWindow {
  return {
    kind: 'once',
    start: '2031-01-01T02:00:00.000Z',
    end: '2031-01-01T03:00:00.000Z',
    preset: 'low-latency',
    id,
    targetId: 'default',
    createdAt: '2030-12-01T00:00:00.000Z',
    createdBy: 'test',
  };
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe.skipIf(!mounted)('a full disk (64 KiB tmpfs)', () => {
  let server: RedisProcess;
  let direct: Redis;
  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
  });
  // Each test starts with an empty disk.
  afterEach(() => {
    for (const name of readdirSync(root)) rmSync(path.join(root, name), { recursive: true, force: true });
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
    if (mounted) execFileSync('umount', [root]);
    rmSync(root, { recursive: true, force: true });
  });

  it('audit appends until the disk is full: every acknowledged entry is there, the refused one is not, no torn line', async () => {
    const dir = freshDir('audit');
    const audit = new AuditLog(dir);
    const acknowledged: string[] = [];
    let refused: AppError | null = null;
    // ~1.1 KB per entry: the 64 KiB disk fills within 60.
    for (let i = 0; i < 200 && !refused; i++) {
      try {
        const entry = await audit.append({
          targetId: 'default',
          actor: 'admin',
          action: 'config-set',
          requested: { 'active-defrag-cycle-max': String(i) },
          before: {},
          after: null,
          result: 'applied',
          error: null,
          note: `entry ${i} `.padEnd(1100, 'x'),
        });
        acknowledged.push(entry.id);
      } catch (error) {
        refused = error as AppError;
      }
    }
    expect(refused).not.toBeNull();
    expect(acknowledged.length).toBeGreaterThan(10);
    const text = readFileSync(audit.file, 'utf8');
    expect(text.endsWith('\n')).toBe(true); // the short write was cut off, not left half a line
    const reread = await new AuditLog(dir).list({ limit: 5000 });
    expect(reread.unreadableLines).toBe(0);
    expect(reread.entries.map((e) => e.id).reverse()).toEqual(acknowledged);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused!.code).toBe('storage');
    expect(refused!.status).toBe(507);
    expect(refused!.message).toMatch(/disk is full/);
    console.log(`[disk-full] audit: ${acknowledged.length} entries acknowledged and on disk, the next refused: ${refused!.message}`);
  });

  it('windows.json is never replaced by a short file: the change is refused and the old document stays', async () => {
    const dir = freshDir('windows');
    const store = new WindowStore(dir);
    await store.addWindow(window('w-000000000001'));
    const good = readFileSync(path.join(dir, 'windows.json'), 'utf8');
    const free = fillDisk(dir);
    try {
      const error = await rejection(store.addWindow(window('w-000000000002')));
      expect(error.code).toBe('storage');
      expect(readFileSync(path.join(dir, 'windows.json'), 'utf8')).toBe(good);
      expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(store.windows().map((w) => w.id)).toEqual(['w-000000000001']);
    } finally {
      free();
    }
    const restarted = new WindowStore(dir);
    await restarted.load();
    expect(restarted.loadProblem).toBeNull();
    expect(restarted.windows().map((w) => w.id)).toEqual(['w-000000000001']);
  });

  it('alerts.json likewise: a save that does not fit is refused and the saved state stays', async () => {
    const dir = freshDir('alerts');
    const store = new AlertStore(dir, () => undefined);
    await store.save({ ...EMPTY_ALERT_FILE, sent: [{ key: 'k1', outcome: 'delivered', at: 1 }] });
    const good = readFileSync(store.file, 'utf8');
    const free = fillDisk(dir);
    try {
      const big = Array.from({ length: 400 }, (_, i) => ({ key: `key-${i}`, outcome: 'delivered' as const, at: i }));
      const error = await rejection(store.save({ ...EMPTY_ALERT_FILE, sent: big }));
      expect(error.code).toBe('storage');
      expect(readFileSync(store.file, 'utf8')).toBe(good);
    } finally {
      free();
    }
  });

  it('a config change that cannot be audited is not made, and the answer carries no auditId', async () => {
    const dir = freshDir('config');
    const target = parseConfig({ REDIS_URL: server.url }).targets[0]!;
    const audit = new AuditLog(dir);
    const free = fillDisk(dir);
    try {
      const error = await rejection(
        applyConfigChange(
          { target, tlsCa: null, audit },
          { changes: { 'active-defrag-cycle-max': '17' }, rewrite: false, actor: 'admin', action: 'config-set' },
        ),
      );
      expect(error.code).toBe('storage');
      expect(error.details.auditId).toBeUndefined();
      expect(((await direct.call('CONFIG', 'GET', 'active-defrag-cycle-max')) as string[])[1]).toBe('25');
    } finally {
      free();
    }
  });

  it("leftover temp files of another process's interrupted write are removed at start, this process's are not", async () => {
    const dir = freshDir('temps');
    const theirs = path.join(dir, 'windows.json.999999.1700000000000.tmp');
    const ours = path.join(dir, `windows.json.${process.pid}.1700000000000.tmp`);
    closeSync(openSync(theirs, 'w'));
    closeSync(openSync(ours, 'w'));
    expect(await removeLeftoverTemps(dir, () => undefined)).toBe(1);
    expect(readdirSync(dir).sort()).toEqual([path.basename(ours)]);
  });
});
