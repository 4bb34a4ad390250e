import type { Health, InfoField, ServerIdentity, SnapshotConfig, SnapshotInfo, SnapshotLatency } from '@/lib/snapshot';
import { ALL_INFO_FIELDS, CONFIG_NUMBER_FIELDS, emptyConfig, emptyInfo } from '@/lib/snapshot-fields';

/**
 * The only place where raw Redis text becomes typed data, for the app, the decision model and the
 * lab CLI alike. Pure and total: it never throws, and reports what it could not read in `warnings`.
 */

export interface ParsedInfo {
  /** Every `key:value` line, by key. Later sections win on a (theoretical) duplicate key. */
  values: Map<string, string>;
  warnings: string[];
}

const KEY_PATTERN = /^[A-Za-z0-9_.-]+$/;
const NUMBER_PATTERN = /^-?(\d+(\.\d+)?|\.\d+)([eE][-+]?\d+)?$/;
const MAX_WARNINGS = 20;

export function parseInfoText(text: string): ParsedInfo {
  const values = new Map<string, string>();
  const warnings: string[] = [];
  const warn = (message: string) => {
    if (warnings.length < MAX_WARNINGS) warnings.push(message);
  };
  for (const rawLine of text.split(/\r?\n|\r/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon) : '';
    if (!KEY_PATTERN.test(key)) {
      warn(`unreadable INFO line: ${truncate(line)}`);
      continue;
    }
    values.set(key, line.slice(colon + 1));
  }
  return { values, warnings };
}

/** Reads our numeric fields. Missing fields are `null` (the version lacks them), never invented. */
export function readInfoFields(
  parsed: ParsedInfo,
  fields: readonly InfoField[] = ALL_INFO_FIELDS,
): {
  info: SnapshotInfo;
  warnings: string[];
} {
  const info = emptyInfo();
  const warnings: string[] = [];
  for (const field of fields) {
    const raw = parsed.values.get(field);
    if (raw === undefined) continue;
    const value = toFiniteNumber(raw);
    if (value === null) warnings.push(`${field} is not a number: ${truncate(raw)}`);
    info[field] = value;
  }
  return { info, warnings };
}

/** Identity strings go into every snapshot and to every viewer: a broken server's 10 MiB `mem_allocator` must not. */
export const MAX_IDENTITY_CHARS = 128;

/** One numeric INFO field that is not in INFO_FIELDS (e.g. `used_memory_lua` for the allocator view); null when absent or not a number. */
export function infoNumber(parsed: ParsedInfo, key: string): number | null {
  const raw = parsed.values.get(key);
  return raw === undefined ? null : toFiniteNumber(raw);
}

/** An identity field (`mem_allocator`, `redis_version`, ...), at most MAX_IDENTITY_CHARS long; null when absent. */
export function identityField(parsed: ParsedInfo, key: string): string | null {
  const value = parsed.values.get(key);
  return value === undefined ? null : value.length > MAX_IDENTITY_CHARS ? `${value.slice(0, MAX_IDENTITY_CHARS - 3)}...` : value;
}

export function readServerIdentity(parsed: ParsedInfo): ServerIdentity {
  const get = (key: string) => identityField(parsed, key);
  // Valkey reports `redis_version:7.2.4` for client compatibility; its own version is valkey_version.
  const isValkey = get('server_name') === 'valkey' || get('valkey_version') !== null;
  const hasAnyIdentity = get('redis_version') !== null || isValkey;
  return {
    engine: hasAnyIdentity ? (isValkey ? 'valkey' : 'redis') : null,
    version: isValkey ? (get('valkey_version') ?? get('redis_version')) : get('redis_version'),
    allocator: get('mem_allocator'),
    runId: get('run_id'),
  };
}

/**
 * The same `CONFIG GET active*` reply as the Redis-ready strings the config editor compares and
 * sends back (`yes`/`no`, bytes as an integer), by lower-case name.
 */
export function readConfigStrings(reply: readonly unknown[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(replyText(reply[i]).toLowerCase(), replyText(reply[i + 1]));
  return out;
}

/** INFO server `config_file`: empty when the server runs without one (CONFIG REWRITE then fails). */
export function readConfigFile(parsed: ParsedInfo): string | null {
  const file = parsed.values.get('config_file')?.trim();
  return file ? file : null;
}

/** Turns a `CONFIG GET active*` reply (flat name/value list) into the typed config. */
/**
 * One element of a Redis reply as text. Only scalars: `String()` of a nested array recurses
 * once per level, and a broken server's 100k-deep array would overflow the stack.
 */
export function replyText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return Array.isArray(value) ? '[array]' : '';
}

export function readDefragConfig(reply: readonly unknown[]): { config: SnapshotConfig; warnings: string[] } {
  const config = emptyConfig();
  const warnings: string[] = [];
  const numberFields = new Set<string>(CONFIG_NUMBER_FIELDS);
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const name = replyText(reply[i]).toLowerCase();
    const raw = replyText(reply[i + 1]);
    if (name === 'activedefrag') {
      if (raw === 'yes' || raw === 'no') config.activedefrag = raw === 'yes';
      else warnings.push(`activedefrag is neither yes nor no: ${truncate(raw)}`);
    } else if (numberFields.has(name)) {
      const value = toFiniteNumber(raw);
      if (value === null) warnings.push(`${name} is not a number: ${truncate(raw)}`);
      config[name as keyof Omit<SnapshotConfig, 'activedefrag'>] = value;
    }
  }
  return { config, warnings };
}

/**
 * `LATENCY LATEST` rows are `[event, unix seconds, latest ms, max ms]`; we keep the defrag event.
 * Anything else in the reply (other events, odd shapes) is ignored.
 */
export function readDefragLatency(reply: unknown): SnapshotLatency['defragCycle'] {
  if (!Array.isArray(reply)) return null;
  for (const row of reply) {
    if (!Array.isArray(row) || replyText(row[0]) !== 'active-defrag-cycle') continue;
    const [at, latestMs, maxMs] = [row[1], row[2], row[3]].map((v) => Number(replyText(v)));
    if ([at, latestMs, maxMs].every((v) => Number.isFinite(v))) return { at: at! * 1000, latestMs: latestMs!, maxMs: maxMs! };
  }
  return null;
}

/**
 * `MODULE LIST`: one `[name, <name>, ver, <n>, ...]` array per module (RESP2 flat pairs). Rows
 * of another shape are skipped; at most 64 modules are kept (a server has a handful).
 */
export function readModuleList(reply: unknown): { name: string; ver: number | null }[] {
  if (!Array.isArray(reply)) return [];
  const out: { name: string; ver: number | null }[] = [];
  for (const row of reply.slice(0, 64)) {
    if (!Array.isArray(row)) continue;
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < row.length; i += 2) fields.set(replyText(row[i]).toLowerCase(), row[i + 1]);
    const name = replyText(fields.get('name')).slice(0, MAX_IDENTITY_CHARS);
    if (!name) continue;
    const ver = Number(replyText(fields.get('ver')));
    out.push({ name, ver: fields.has('ver') && Number.isFinite(ver) ? ver : null });
  }
  return out;
}

/** Sum of `keys=` over the `dbN:keys=…,expires=…` lines of INFO keyspace (an empty keyspace is 0). */
export function readKeyCount(parsed: ParsedInfo): number {
  let keys = 0;
  for (const [name, value] of parsed.values) {
    if (!/^db\d+$/.test(name)) continue;
    const match = /(?:^|,)keys=(\d+)/.exec(value);
    if (match) keys += Number(match[1]);
  }
  return keys;
}

/** Below this `used_memory` the RSS ratio means nothing (MEMORY DOCTOR calls such an instance empty). */
export const TOO_SMALL_BYTES = 5 * 1024 * 1024;

/** The seed guide's rule of thumb on the RSS ratio, plus the two states an expert checks first. */
export function deriveHealth(info: Pick<SnapshotInfo, 'used_memory' | 'mem_fragmentation_ratio'>): Health {
  return classifyRssHealth(info.used_memory, info.mem_fragmentation_ratio);
}

export function classifyRssHealth(used: number | null, ratio: number | null): Health {
  if (used === null || ratio === null) return 'unknown';
  if (used < TOO_SMALL_BYTES) return 'too-small';
  if (ratio < 1) return 'below-one';
  if (ratio <= 1.5) return 'healthy';
  if (ratio <= 2) return 'moderate';
  return 'high';
}

/** True when INFO persistence shows a fork child, which pauses active defrag. */
export function hasForkChild(info: SnapshotInfo): boolean | null {
  // Valkey 9 adds a slot-migration child to the same gate (9.1.2 server.c:862-864).
  const flags = [info.rdb_bgsave_in_progress, info.aof_rewrite_in_progress, info.module_fork_in_progress, info.slot_migration_fork_in_progress];
  if (flags.every((f) => f === null)) return null;
  return flags.some((f) => f !== null && f > 0);
}

function toFiniteNumber(raw: string): number | null {
  const trimmed = raw.trim();
  if (!NUMBER_PATTERN.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function truncate(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** One line of CLUSTER NODES: a node of a Redis Cluster as the cluster itself sees it. */
export interface ClusterNode {
  id: string;
  host: string;
  port: number;
  role: 'primary' | 'replica';
  /** The primary a replica follows; null for primaries. */
  primaryId: string | null;
  /** `fail` or `fail?` in the flags: the cluster thinks the node is down. */
  failing: boolean;
  /** Slots served (ranges counted); 0 for replicas and for primaries not yet given slots. */
  slots: number;
}

/**
 * `CLUSTER NODES` text into nodes: `<id> <ip:port@cport[,hostname]> <flags> <primary> <ping> <pong>
 * <epoch> <link> <slot>...`. Nodes still in handshake or without an address are skipped: there is
 * nothing to poll yet.
 */
export function readClusterNodes(text: string): ClusterNode[] {
  const nodes: ClusterNode[] = [];
  for (const line of text.split(/\r?\n/)) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 8) continue;
    const [id, address, flagText, primary, , , , , ...slotParts] = parts as [string, string, string, string, ...string[]];
    const flags = new Set(flagText.split(','));
    if (flags.has('handshake') || flags.has('noaddr')) continue;
    const m = /^\[?([^\]@]*?)\]?:(\d+)(?:@\d+)?(?:,.*)?$/.exec(address);
    if (!m || m[1] === '') continue;
    let slots = 0;
    for (const part of slotParts) {
      if (part.startsWith('[')) continue; // a slot being migrated or imported
      const range = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (range) slots += range[2] ? Number(range[2]) - Number(range[1]) + 1 : 1;
    }
    nodes.push({
      id,
      host: m[1]!,
      port: Number(m[2]),
      role: flags.has('slave') || flags.has('replica') ? 'replica' : 'primary',
      primaryId: primary === '-' ? null : primary,
      failing: flags.has('fail') || flags.has('fail?'),
      slots,
    });
  }
  return nodes;
}
