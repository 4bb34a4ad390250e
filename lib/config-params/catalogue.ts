import { CONFIG_NUMBER_FIELDS, type ServerIdentity } from '../snapshot';
import { engineTraits, versionAtLeast } from '../decision/version';

/**
 * The parameters the runtime-config editor may touch, in the order the editor shows them, with
 * Redis's own ranges and defaults (facts §4). Nothing outside this list can be set through the editor.
 */

// The same parameters the snapshot reads with CONFIG GET: one list, so the two never drift apart.
export const DEFRAG_PARAM_NAMES = ['activedefrag', ...CONFIG_NUMBER_FIELDS] as const;
export type DefragParam = (typeof DEFRAG_PARAM_NAMES)[number];

/**
 * - bool: yes/no
 * - bytes: memory units accepted on input, a plain byte count on the wire
 * - percent: a whole percent (fragmentation percent for the thresholds, CPU percent for the cycles)
 * - count: a plain whole number
 * - micros: microseconds
 */
export type ParamKind = 'bool' | 'bytes' | 'percent' | 'count' | 'micros';

/** An engine/version a parameter first appeared in. */
export interface ParamRequirement {
  engine: 'redis' | 'valkey';
  major: number;
  minor: number;
  /** "Valkey 8.1", for messages. */
  text: string;
}

export interface ParamSpec {
  name: DefragParam;
  kind: ParamKind;
  /** Inclusive range. For 'bool' 0 = no and 1 = yes: the range is not used to validate it. */
  min: number;
  max: number;
  /** Redis's default, Redis-ready (what CONFIG GET returns on a fresh server). */
  defaultValue: string;
  label: string;
  help: string;
  /** Absent: every supported Redis/Valkey has it. */
  requires?: ParamRequirement;
}

/**
 * Redis allows up to 2^63-1 for ignore-bytes and max-scan-fields; we cap at 2^53-1 because larger
 * values are not exact in a JS number (and nobody needs more than 8 PiB or 9e15 fields).
 */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;

export const DEFRAG_PARAMS: readonly ParamSpec[] = [
  {
    name: 'activedefrag',
    kind: 'bool',
    min: 0,
    max: 1,
    defaultValue: 'no',
    label: 'Active defrag',
    help: 'Turns active defragmentation on: the server then spends CPU moving values to compact memory, which adds latency while a pass runs.',
  },
  {
    name: 'active-defrag-ignore-bytes',
    kind: 'bytes',
    min: 1,
    max: MAX_INTEGER,
    defaultValue: String(100 * 1024 * 1024),
    label: 'Minimum waste',
    help: 'Defrag does not start until fragmentation wastes at least this much memory; a lower value starts passes (and spends CPU) on smaller waste.',
  },
  {
    name: 'active-defrag-threshold-lower',
    kind: 'percent',
    min: 0,
    max: 1000,
    defaultValue: '10',
    label: 'Start at fragmentation',
    help: 'Allocator fragmentation percent at which a pass starts, at cycle-min effort; a lower value starts defrag sooner and spends CPU more often.',
  },
  {
    name: 'active-defrag-threshold-upper',
    kind: 'percent',
    min: 0,
    max: 1000,
    defaultValue: '100',
    label: 'Full effort at fragmentation',
    help: 'Fragmentation percent at which effort reaches cycle-max (it is not a stop threshold); a lower value reaches full CPU effort at less fragmentation.',
  },
  {
    name: 'active-defrag-cycle-min',
    kind: 'percent',
    min: 1,
    max: 99,
    defaultValue: '1',
    label: 'Minimum CPU effort',
    help: 'CPU percent a pass uses at the start threshold; a higher value finishes sooner but takes more CPU time and latency from client commands.',
  },
  {
    name: 'active-defrag-cycle-max',
    kind: 'percent',
    min: 1,
    max: 99,
    defaultValue: '25',
    label: 'Maximum CPU effort',
    help: 'The most CPU percent a pass may use; it caps how much defrag competes with client commands for the main thread.',
  },
  {
    name: 'active-defrag-max-scan-fields',
    kind: 'count',
    min: 1,
    max: MAX_INTEGER,
    defaultValue: '1000',
    label: 'Big-key field limit',
    help: 'Collections with more fields than this are deferred and defragged in separate steps; a higher value means longer uninterrupted steps (latency spikes) on big keys.',
  },
  {
    name: 'active-defrag-cycle-us',
    kind: 'micros',
    min: 0,
    max: 100_000,
    defaultValue: '500',
    label: 'Duty-cycle length',
    help: 'Length in microseconds of each defrag slice; a longer slice does more work per run but holds the event loop (and client commands) longer.',
    requires: { engine: 'valkey', major: 8, minor: 1, text: 'Valkey 8.1' },
  },
];

const BY_NAME = new Map<string, ParamSpec>(DEFRAG_PARAMS.map((p) => [p.name, p]));

export function isDefragParam(name: string): name is DefragParam {
  return BY_NAME.has(name);
}

export function findParam(name: string): ParamSpec | undefined {
  return BY_NAME.get(name);
}

/** The spec of a parameter known to be in the catalogue (every DefragParam is). */
export function paramSpec(name: DefragParam): ParamSpec {
  const spec = BY_NAME.get(name);
  if (!spec) throw new Error(`${name} is missing from DEFRAG_PARAMS`);
  return spec;
}

type ServerRef = Pick<ServerIdentity, 'engine' | 'version'>;

/**
 * Why this server cannot take `name`, or null when it can. The version gate comes first and cannot be
 * overridden: a server we cannot identify does not get a parameter that needs a known engine/version.
 * Then `reported` (the names CONFIG GET returned), when given, is the final word.
 */
export function unavailableReason(name: string, server: ServerRef, reported?: ReadonlySet<string>): string | null {
  const spec = findParam(name);
  if (!spec) return `"${shorten(name)}" is not an active-defrag parameter`;
  const gate = spec.requires;
  if (gate) {
    const traits = engineTraits(server);
    const ok = traits.engine === gate.engine && traits.version !== null && versionAtLeast(traits.version, gate.major, gate.minor);
    if (!ok) return `${spec.name} needs ${gate.text} or later; ${describeServer(server)}`;
  }
  if (reported && !reported.has(spec.name)) {
    return `${spec.name} was not reported by this server's CONFIG GET, so it cannot be set here`;
  }
  return null;
}

/** The parameters this server has, in catalogue order. */
export function availableParams(server: ServerRef, reported?: ReadonlySet<string>): ParamSpec[] {
  return DEFRAG_PARAMS.filter((p) => unavailableReason(p.name, server, reported) === null);
}

function describeServer(server: ServerRef): string {
  if (!server.engine) return "this server's engine is unknown";
  return `this server is ${engineTraits(server).name}`;
}

/** Names come from the request body: echo at most a readable prefix of them back. */
function shorten(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
