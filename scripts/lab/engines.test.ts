import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bestAvailableBinary,
  engineBinaryPath,
  engineMarkerPath,
  labCacheDir,
  LAB_ENGINES,
  resolveEngineBinary,
  sha256File,
  type LabEngine,
  type VerifiedMarker,
} from './engines';
import { probeDefragAtStartupSync } from './probe';

// Every test gets its own empty cache dir, so a real cached build on this machine never leaks in.
const ENV_KEYS = ['FRAGSCOPE_CACHE_DIR', 'XDG_CACHE_HOME', 'HOME', 'FRAGSCOPE_REDIS_SERVER'] as const;
let saved: Partial<Record<(typeof ENV_KEYS)[number], string>>;
let cache: string;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  cache = mkdtempSync(path.join(os.tmpdir(), 'fragscope-lab-cache-'));
  process.env.FRAGSCOPE_CACHE_DIR = cache;
  delete process.env.FRAGSCOPE_REDIS_SERVER;
});
afterEach(() => {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
  rmSync(cache, { recursive: true, force: true });
});

/** Puts a stand-in "build" in the cache: a copy of any executable plus a matching marker. */
function fakeBuild(engine: LabEngine): string {
  const binary = engineBinaryPath(engine);
  mkdirSync(path.dirname(binary), { recursive: true });
  copyFileSync('/usr/bin/true', binary);
  chmodSync(binary, 0o755);
  const marker: VerifiedMarker = {
    engine,
    binary,
    sha256: sha256File(binary),
    size: statSync(binary).size,
    serverVersion: 'test',
    debianSourceVersion: 'test',
    builtAt: new Date(0).toISOString(),
    buildSeconds: 1,
  };
  writeFileSync(engineMarkerPath(engine), JSON.stringify(marker));
  return binary;
}

describe('labCacheDir', () => {
  it('follows FRAGSCOPE_CACHE_DIR, then XDG_CACHE_HOME, then HOME/.cache', () => {
    expect(labCacheDir()).toBe(cache);
    delete process.env.FRAGSCOPE_CACHE_DIR;
    process.env.XDG_CACHE_HOME = '/x/cache';
    expect(labCacheDir()).toBe('/x/cache/fragscope');
    delete process.env.XDG_CACHE_HOME;
    process.env.HOME = '/home/someone';
    expect(labCacheDir()).toBe('/home/someone/.cache/fragscope');
  });
});

describe('resolveEngineBinary', () => {
  it('is null for an empty cache, a binary without marker, and a binary that changed', () => {
    for (const engine of LAB_ENGINES) expect(resolveEngineBinary(engine)).toBeNull();
    const binary = fakeBuild('redis-8.0');
    expect(resolveEngineBinary('redis-8.0')).toBe(binary);
    expect(path.basename(resolveEngineBinary('redis-8.0')!)).toBe('redis-server');

    rmSync(engineMarkerPath('redis-8.0'));
    expect(resolveEngineBinary('redis-8.0')).toBeNull();

    fakeBuild('redis-8.0');
    copyFileSync('/usr/bin/false', binary); // same path, other content: no longer the verified file
    expect(resolveEngineBinary('redis-8.0')).toBeNull();
  });

  it('keeps the valkey binary name', () => {
    expect(fakeBuild('valkey-8.1')).toBe(path.join(cache, 'engines', 'valkey-8.1', 'valkey-server'));
    expect(resolveEngineBinary('valkey-8.1')).toBe(path.join(cache, 'engines', 'valkey-8.1', 'valkey-server'));
  });

  it('ignores FRAGSCOPE_REDIS_SERVER (an engine asked for by name is that engine)', () => {
    process.env.FRAGSCOPE_REDIS_SERVER = '/usr/bin/redis-server';
    expect(resolveEngineBinary('redis-7.0')).toBeNull();
  });
});

describe('bestAvailableBinary', () => {
  it('falls back to the packaged server, which cannot defrag', () => {
    expect(bestAvailableBinary()).toEqual({ binary: '/usr/bin/redis-server', engine: 'packaged', defragCapable: false });
  });

  it('prefers redis-7.0, then redis-8.0, then valkey-8.1', () => {
    fakeBuild('valkey-8.1');
    expect(bestAvailableBinary()).toMatchObject({ engine: 'valkey-8.1', defragCapable: true });
    fakeBuild('redis-8.0');
    expect(bestAvailableBinary()).toMatchObject({ engine: 'redis-8.0' });
    const binary = fakeBuild('redis-7.0');
    expect(bestAvailableBinary()).toEqual({ binary, engine: 'redis-7.0', defragCapable: true });
  });

  it('honours FRAGSCOPE_REDIS_SERVER and probes what it points at', () => {
    fakeBuild('redis-7.0');
    process.env.FRAGSCOPE_REDIS_SERVER = '/usr/bin/redis-server';
    expect(bestAvailableBinary()).toEqual({ binary: '/usr/bin/redis-server', engine: 'custom', defragCapable: false });
    process.env.FRAGSCOPE_REDIS_SERVER = engineBinaryPath('redis-7.0');
    expect(bestAvailableBinary()).toMatchObject({ engine: 'redis-7.0', defragCapable: true });
    process.env.FRAGSCOPE_REDIS_SERVER = '/nonexistent/redis-server';
    expect(() => bestAvailableBinary()).toThrow(/FRAGSCOPE_REDIS_SERVER=.*not an executable/);
  });
});

describe('probeDefragAtStartupSync', () => {
  it("reports Debian's packaged server as unsupported", () => {
    const probe = probeDefragAtStartupSync('/usr/bin/redis-server');
    expect(probe.supported).toBe(false);
    expect(probe.detail).toMatch(/Active defragmentation cannot be enabled/);
  });
});
