import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { probeDefragAtStartupSync } from './probe';

/**
 * The lab's defrag-capable servers. Debian's packaged redis-server links the system jemalloc and
 * refuses `activedefrag yes`, so the lab builds upstream sources (Debian's `.orig` tarballs, which
 * carry Redis's own modified jemalloc) and caches the binaries outside the repository.
 */
export type LabEngine = 'redis-7.0' | 'redis-8.0' | 'redis-8.6' | 'valkey-8.1' | 'valkey-9.1';

/** Preference order for `bestAvailableBinary`: 7.0 first (the build the facts were checked on, fastest to build). */
export const LAB_ENGINES: readonly LabEngine[] = ['redis-7.0', 'redis-8.0', 'redis-8.6', 'valkey-8.1', 'valkey-9.1'];

export interface EngineSpec {
  engine: LabEngine;
  /** Debian source package name. */
  sourcePackage: 'redis' | 'valkey';
  /** Debian suite that carries this upstream version. */
  suite: 'bookworm' | 'trixie' | 'sid' | 'experimental';
  /** Upstream version we pin; another release of the same series is accepted if this one is gone. */
  upstreamVersion: string;
  /** Series prefix used for that fallback, e.g. `7.0.`. */
  series: string;
  /** Name of the server binary in `src/` after `make`, kept as-is in the cache. */
  binaryName: 'redis-server' | 'valkey-server';
  /** INFO server field that carries the version (Valkey also reports a compatibility redis_version). */
  versionField: 'redis_version' | 'valkey_version';
}

export const ENGINE_SPECS: Readonly<Record<LabEngine, EngineSpec>> = {
  'redis-7.0': {
    engine: 'redis-7.0',
    sourcePackage: 'redis',
    suite: 'bookworm',
    upstreamVersion: '7.0.15',
    series: '7.0.',
    binaryName: 'redis-server',
    versionField: 'redis_version',
  },
  'redis-8.0': {
    engine: 'redis-8.0',
    sourcePackage: 'redis',
    suite: 'trixie',
    upstreamVersion: '8.0.2',
    series: '8.0.',
    binaryName: 'redis-server',
    versionField: 'redis_version',
  },
  'redis-8.6': {
    engine: 'redis-8.6',
    sourcePackage: 'redis',
    suite: 'experimental',
    upstreamVersion: '8.6.3',
    series: '8.6.',
    binaryName: 'redis-server',
    versionField: 'redis_version',
  },
  'valkey-8.1': {
    engine: 'valkey-8.1',
    sourcePackage: 'valkey',
    suite: 'trixie',
    upstreamVersion: '8.1.1',
    series: '8.1.',
    binaryName: 'valkey-server',
    versionField: 'valkey_version',
  },
  'valkey-9.1': {
    engine: 'valkey-9.1',
    sourcePackage: 'valkey',
    suite: 'sid',
    upstreamVersion: '9.1.2',
    series: '9.1.',
    binaryName: 'valkey-server',
    versionField: 'valkey_version',
  },
};

export function isLabEngine(value: string): value is LabEngine {
  return (LAB_ENGINES as readonly string[]).includes(value);
}

function nonEmptyEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** `${FRAGSCOPE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fragscope}`, always absolute. */
export function labCacheDir(): string {
  const explicit = nonEmptyEnv('FRAGSCOPE_CACHE_DIR');
  if (explicit) return path.resolve(explicit);
  const xdg = nonEmptyEnv('XDG_CACHE_HOME');
  return path.resolve(xdg ?? path.join(nonEmptyEnv('HOME') ?? os.homedir(), '.cache'), 'fragscope');
}

export function engineDir(engine: LabEngine): string {
  return path.join(labCacheDir(), 'engines', engine);
}

/** Where the verified binary lives (whether or not it exists yet). */
export function engineBinaryPath(engine: LabEngine): string {
  return path.join(engineDir(engine), ENGINE_SPECS[engine].binaryName);
}

export function engineMarkerPath(engine: LabEngine): string {
  return path.join(engineDir(engine), 'verified.json');
}

/** Written by `build` after the defrag probe passed; ties the marker to one exact binary. */
export interface VerifiedMarker {
  engine: LabEngine;
  binary: string;
  sha256: string;
  size: number;
  serverVersion: string;
  debianSourceVersion: string;
  builtAt: string;
  buildSeconds: number;
}

export function sha256File(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// Hashing a ~15 MB binary costs tens of ms; the demo may resolve often, so remember the answer
// for as long as the file's size and mtime are unchanged.
const verifiedCache = new Map<string, { key: string; ok: boolean }>();

export function readVerifiedMarker(engine: LabEngine): VerifiedMarker | null {
  try {
    const marker = JSON.parse(readFileSync(engineMarkerPath(engine), 'utf8')) as Partial<VerifiedMarker>;
    if (marker.engine !== engine || typeof marker.sha256 !== 'string' || typeof marker.size !== 'number') return null;
    return marker as VerifiedMarker;
  } catch {
    return null;
  }
}

/**
 * The cached, verified binary for `engine`, or null. "Verified" means the marker written after the
 * defrag probe names exactly this file (size and sha256), so a half-copied or replaced binary is
 * never returned. FRAGSCOPE_REDIS_SERVER is deliberately ignored here: asking for an engine by
 * name must give that engine.
 */
export function resolveEngineBinary(engine: LabEngine): string | null {
  const binary = engineBinaryPath(engine);
  const marker = readVerifiedMarker(engine);
  if (!marker) return null;
  let stat;
  try {
    stat = statSync(binary);
    accessSync(binary, constants.X_OK);
  } catch {
    return null;
  }
  if (!stat.isFile() || stat.size !== marker.size) return null;
  const key = `${stat.size}:${stat.mtimeMs}:${marker.sha256}`;
  const cached = verifiedCache.get(binary);
  if (cached && cached.key === key) return cached.ok ? binary : null;
  const ok = sha256File(binary) === marker.sha256;
  verifiedCache.set(binary, { key, ok });
  return ok ? binary : null;
}

/** First executable `name` on PATH, as an absolute path, or null. */
export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return null;
}

export interface BestBinary {
  binary: string;
  /**
   * A cached lab build, `packaged` (the system's redis-server), or `custom` (FRAGSCOPE_REDIS_SERVER
   * pointing at something that is not one of our cached builds).
   */
  engine: LabEngine | 'packaged' | 'custom';
  defragCapable: boolean;
}

/**
 * What `start` runs by default: FRAGSCOPE_REDIS_SERVER if set, else the first cached verified
 * build in LAB_ENGINES order, else the system's redis-server (which cannot defrag on Debian).
 * Throws with a readable message when nothing usable exists.
 */
export function bestAvailableBinary(): BestBinary {
  const override = nonEmptyEnv('FRAGSCOPE_REDIS_SERVER');
  if (override) {
    // A bare name means "look it up on PATH", as a shell would.
    const binary = override.includes('/') ? path.resolve(override) : (findOnPath(override) ?? override);
    try {
      accessSync(binary, constants.X_OK);
    } catch {
      throw new Error(`FRAGSCOPE_REDIS_SERVER=${override} is not an executable file`);
    }
    for (const engine of LAB_ENGINES) {
      const cached = resolveEngineBinary(engine);
      if (cached && sameFile(cached, binary)) return { binary, engine, defragCapable: true };
    }
    return { binary, engine: 'custom', defragCapable: probeDefragAtStartupSync(binary).supported === true };
  }
  for (const engine of LAB_ENGINES) {
    const binary = resolveEngineBinary(engine);
    if (binary) return { binary, engine, defragCapable: true };
  }
  const packaged = findOnPath('redis-server');
  if (!packaged) {
    throw new Error('no redis-server found: no cached lab build (run `npm run lab -- build`) and no redis-server on PATH ' + '(apt-get install redis-server)');
  }
  // Probed rather than assumed: on Debian this is false, but PATH could hold an upstream build.
  return { binary: packaged, engine: 'packaged', defragCapable: probeDefragAtStartupSync(packaged).supported === true };
}

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

// The in-process API the tests and the demo use, gathered here so they need one import.
export { fragment, type FragmentOptions, type FragmentResult, type FragmentShape } from '../../lib/lab/fragment';
export { isLabServer, labServerCheck, NotLabServerError } from '../../lib/lab/guard';
export { type MemoryFigures } from '../../lib/lab/memory-figures';
