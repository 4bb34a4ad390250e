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

/** Which `getAllocatorFragmentation` the server runs (lib/decision/VERSIONS.md has the file:line cites). */
export type FragFormula =
  /** Redis <= 7.2, Valkey 7.2: `((float)active / allocated)*100 - 100` (7.0.15 defrag.c:948). */
  | 'active-ratio'
  /** Redis >= 7.4: `(float)frag_smallbins / allocated * 100`, the Lua arena removed from both (7.4.2 defrag.c:845-858). */
  | 'small-bins-minus-lua'
  /** Valkey >= 8.0: `(float)frag_smallbins / allocated * 100`, Lua lives in libc malloc (8.0.1 defrag.c:765). */
  | 'small-bins';

/**
 * Per-version behaviour of the defrag controller (lib/decision/VERSIONS.md, with the source each
 * row was read from). Each trait is null when the engine or version is unknown, so callers must
 * say "cannot tell" rather than guess.
 */
export interface EngineTraits {
  engine: 'redis' | 'valkey' | null;
  version: Version | null;
  /** "redis 7.4.1" / "valkey 8.1.1" / "an unknown server". */
  name: string;
  /** `allocator_frag_*` counts small-bin waste only (Redis >= 7.4, Valkey >= 8.0). */
  smallBinsFrag: boolean | null;
  /** How the decision computes its fragmentation percent from the allocator's bytes. */
  fragFormula: FragFormula | null;
  /** The Lua arena is subtracted, and its size is printed only by `INFO debug` (Redis >= 7.4). */
  needsInfoDebug: boolean | null;
  /** A CONFIG SET of cycle-min / cycle-max / threshold-upper can lower a running pass (Redis >= 7.4, Valkey >= 8.0). */
  midPassLowering: boolean | null;
  /** Hidden decay factor on the effort (Redis >= 8.0). */
  decayFactor: boolean | null;
  /** The start test runs every cron tick (Redis >= 8.0, Valkey >= 8.1) instead of about once a second. */
  decidesEveryTick: boolean | null;
  /**
   * `current_active_defrag_time` restarts at every pass (Redis >= 8.0, Valkey >= 8.1: started in
   * beginDefragCycle, zeroed in endDefragCycle); before that it spans back-to-back passes.
   */
  defragTimeResetsPerPass: boolean | null;
  /** INFO persistence `slot_migration_fork_in_progress` is a fork child that gates defrag (Valkey >= 9.0, inferred from 9.1.2). */
  slotMigrationForkGate: boolean | null;
  /**
   * Defrag keeps working while the server is blocked (long script, loading): 'always' before the
   * fix, 'aof-loading' from Redis 7.4.6 / 8.0.4 / 8.2.2 (redis#14319); every Valkey is 'always'.
   */
  defragWhileBlocked: 'always' | 'aof-loading' | null;
  /** INFO has `total_active_defrag_time` / `current_active_defrag_time` and the CONFIG SET probe works (7.0+). */
  atLeast70: boolean | null;
}

const UNKNOWN_TRAITS = {
  smallBinsFrag: null,
  fragFormula: null,
  needsInfoDebug: null,
  midPassLowering: null,
  decayFactor: null,
  decidesEveryTick: null,
  defragTimeResetsPerPass: null,
  slotMigrationForkGate: null,
  defragWhileBlocked: null,
  atLeast70: null,
} as const;

export function engineTraits(server: Pick<ServerIdentity, 'engine' | 'version'>): EngineTraits {
  const { engine } = server;
  const version = parseVersion(server.version);
  const name = engine && server.version ? `${engine} ${server.version}` : engine ? `${engine} (version unknown)` : 'an unknown server';
  if (!engine || !version) return { engine, version, name, ...UNKNOWN_TRAITS };
  const redis = engine === 'redis';
  const at = (major: number, minor: number, patch = 0) => compareVersions(version, [major, minor, patch]) >= 0;
  const newFrag = redis ? at(7, 4) : at(8, 0);
  const perTick = redis ? at(8, 0) : at(8, 1);
  return {
    engine,
    version,
    name,
    smallBinsFrag: newFrag,
    fragFormula: !newFrag ? 'active-ratio' : redis ? 'small-bins-minus-lua' : 'small-bins',
    needsInfoDebug: redis && newFrag,
    midPassLowering: newFrag,
    decayFactor: redis && at(8, 0),
    decidesEveryTick: perTick,
    defragTimeResetsPerPass: perTick,
    slotMigrationForkGate: !redis && at(9, 0),
    defragWhileBlocked: redis && aofOnlyWhileBlocked(version) ? 'aof-loading' : 'always',
    // Valkey forked from Redis 7.2.4, so every Valkey has the 7.0 INFO fields.
    atLeast70: redis ? at(7, 0) : true,
  };
}

/** redis#14319 (7.4.6, 8.0.4, 8.2.2; 8.4.0 postdates it): defrag while blocked only during AOF loading. */
function aofOnlyWhileBlocked(v: Version): boolean {
  const at = (major: number, minor: number, patch = 0) => compareVersions(v, [major, minor, patch]) >= 0;
  if (at(8, 4)) return true;
  if (at(8, 2)) return at(8, 2, 2);
  if (at(8, 0)) return at(8, 0, 4);
  return at(7, 4, 6);
}
