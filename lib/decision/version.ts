import type { ServerIdentity } from '../snapshot';

export type Version = readonly [major: number, minor: number, patch: number];

/** `"7.4.1"` -> [7, 4, 1]; also accepts `"8.0"`, `"8.0-rc1"`. Null when there is no leading number. */
export function parseVersion(text: string | null): Version | null {
  const m = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text ?? '');
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Orders two versions by major, then minor, then patch: negative when `a` is older, 0 when equal. */
export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * Whether `v` is `major.minor` or later. Takes the version text as INFO reports it too; a version
 * that cannot be read is never "at least" anything, so callers fall back to the older behaviour.
 */
export function versionAtLeast(v: Version | string | null, major: number, minor = 0): boolean {
  const version = typeof v === 'string' || v === null ? parseVersion(v) : v;
  return version !== null && compareVersions(version, [major, minor, 0]) >= 0;
}

/**
 * Per-version behaviour of the defrag controller (research notes §1-3). Each trait is null when the
 * engine or version is unknown, so callers must say "cannot tell" rather than guess.
 */
export interface EngineTraits {
  engine: 'redis' | 'valkey' | null;
  version: Version | null;
  /** "redis 7.4.1" / "valkey 8.1.1" / "an unknown server". */
  name: string;
  /** `allocator_frag_*` counts small-bin waste only (Redis >= 7.4, Valkey >= 8.0). */
  smallBinsFrag: boolean | null;
  /** A CONFIG SET of cycle-min / cycle-max / threshold-upper can lower a running pass (Redis >= 7.4, Valkey >= 8.0). */
  midPassLowering: boolean | null;
  /** Hidden decay factor on the effort (Redis >= 8.0). */
  decayFactor: boolean | null;
  /** The start test runs every cron tick (Redis >= 8.0, Valkey >= 8.1) instead of about once a second. */
  decidesEveryTick: boolean | null;
  /** INFO has `total_active_defrag_time` / `current_active_defrag_time` and the CONFIG SET probe works (7.0+). */
  atLeast70: boolean | null;
}

export function engineTraits(server: Pick<ServerIdentity, 'engine' | 'version'>): EngineTraits {
  const { engine } = server;
  const version = parseVersion(server.version);
  const name = engine && server.version ? `${engine} ${server.version}` : engine ? `${engine} (version unknown)` : 'an unknown server';
  if (!engine || !version) {
    return { engine, version, name, smallBinsFrag: null, midPassLowering: null, decayFactor: null, decidesEveryTick: null, atLeast70: null };
  }
  const redis = engine === 'redis';
  const newFrag = redis ? versionAtLeast(version, 7, 4) : versionAtLeast(version, 8, 0);
  return {
    engine,
    version,
    name,
    smallBinsFrag: newFrag,
    midPassLowering: newFrag,
    decayFactor: redis && versionAtLeast(version, 8, 0),
    decidesEveryTick: redis ? versionAtLeast(version, 8, 0) : versionAtLeast(version, 8, 1),
    // Valkey forked from Redis 7.2.4, so every Valkey has the 7.0 INFO fields.
    atLeast70: redis ? versionAtLeast(version, 7, 0) : true,
  };
}
