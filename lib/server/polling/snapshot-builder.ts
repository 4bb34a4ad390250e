import 'server-only';
import {
  emptyConfig,
  emptyInfo,
  emptyLatency,
  type ConnectionState,
  type ServerIdentity,
  type Snapshot,
  type SnapshotConfig,
  type SnapshotInfo,
  type SnapshotLatency,
} from '@/lib/snapshot';
import {
  deriveHealth,
  hasForkChild,
  parseInfoText,
  readDefragConfig,
  readDefragLatency,
  readInfoFields,
  readKeyCount,
  identityField,
  readServerIdentity,
  replyText,
  type ParsedInfo,
} from '@/lib/info-parser';
import { engineTraits } from '@/lib/decision/version';
import type { DefragSupport } from './defrag-probe';

/**
 * Turns a poll's replies into a Snapshot. Pure: no connection, no clock, no timers, so every case
 * is testable with fixture text. The poller (target-poller.ts) sends the commands, times them,
 * keeps the state between polls and publishes what this returns. Raw text is read by
 * lib/info-parser.ts only.
 */

/** One reply of a pipeline: `[error, result]`, as ioredis's `exec()` gives it. */
export type Reply = readonly [Error | null, unknown];

/** What a sample carries over from earlier polls (the slow-changing reads and the probe). */
export interface SampleState {
  identity: ServerIdentity;
  /** `hz` and `process_id` from INFO server, which is only read on a refresh. */
  serverInfo: Partial<SnapshotInfo>;
  config: SnapshotConfig;
  latency: SnapshotLatency;
  support: DefragSupport;
}

export const NO_IDENTITY: ServerIdentity = { engine: null, version: null, allocator: null, runId: null };

export function initialSampleState(): SampleState {
  return { identity: NO_IDENTITY, serverInfo: {}, config: emptyConfig(), latency: emptyLatency(), support: { supported: null, reason: null } };
}

export interface RefreshResult {
  identity: ServerIdentity;
  serverInfo: Partial<SnapshotInfo>;
  config: SnapshotConfig;
  warnings: string[];
  /** Set when CONFIG GET failed: support cannot be probed, and this says why. */
  configUnavailable: DefragSupport | null;
}

/**
 * INFO server and `CONFIG GET active*` of a refresh. A reply left out or failed keeps what the
 * state had, except a failed CONFIG GET: renamed or forbidden CONFIG (managed services, ACLs)
 * empties the config and keeps sampling INFO without it. `scrub` removes the password from text.
 */
/** Warnings shown per sample; a server with 200k bad values gets these and a count of the rest. */
export const MAX_WARNINGS = 20;

/**
 * Appends one by one: `push(...list)` passes every element as an argument, and a list of 200k
 * throws "Maximum call stack size exceeded". (The reply cap bounds how many there can be.)
 */
export function appendWarnings(into: string[], more: readonly string[]): void {
  for (const warning of more) into.push(warning);
}

/** The first MAX_WARNINGS of all the lists, and one line counting the rest. */
export function capWarnings(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (const list of lists) {
    total += list.length;
    for (const warning of list) {
      if (out.length >= MAX_WARNINGS) break;
      out.push(warning);
    }
  }
  if (total > out.length) out.push(`... and ${total - out.length} more warnings`);
  return out;
}

export function readRefresh(
  state: Pick<SampleState, 'identity' | 'serverInfo' | 'config'>,
  serverReply: Reply | undefined,
  configReply: Reply | undefined,
  scrub: (text: string) => string,
): RefreshResult {
  const result: RefreshResult = { identity: state.identity, serverInfo: state.serverInfo, config: state.config, warnings: [], configUnavailable: null };
  if (serverReply && !serverReply[0]) {
    const parsed = parseInfoText(replyText(serverReply[1]));
    result.identity = readServerIdentity(parsed);
    const { info } = readInfoFields(parsed, ['hz', 'process_id']);
    result.serverInfo = { hz: info.hz, process_id: info.process_id };
  }
  if (configReply && !configReply[0] && Array.isArray(configReply[1])) {
    const read = readDefragConfig(configReply[1]);
    result.config = read.config;
    appendWarnings(result.warnings, read.warnings);
  } else if (configReply?.[0]) {
    result.config = emptyConfig();
    result.warnings.push(`CONFIG GET failed: ${scrub(configReply[0].message)}`);
    result.configUnavailable = { supported: null, reason: `CONFIG is not available: ${configReply[0].message}` };
  }
  return result;
}

/** Latency monitoring may be forbidden (ACLs, managed services): then it is simply unknown. */
export function readLatency(threshold: Reply | undefined, latest: Reply | undefined): SnapshotLatency {
  const pair = threshold && !threshold[0] && Array.isArray(threshold[1]) ? threshold[1] : null;
  const value = pair ? Number(pair[1]) : Number.NaN;
  return {
    monitorThresholdMs: Number.isFinite(value) ? value : null,
    defragCycle: latest && !latest[0] ? readDefragLatency(latest[1]) : null,
  };
}

/**
 * INFO sections of every poll. Redis >= 7.4 subtracts its Lua arena from the fragmentation the
 * decision compares, and prints that arena's size only in `INFO debug` (allocator_allocated_lua;
 * 7.4.2 server.c:6155-6158), a section `all`/`everything` leave out: so it is named explicitly,
 * unless the server refused it once. Other versions need nothing from it.
 */
export function sampleSections(identity: Pick<ServerIdentity, 'engine' | 'version'>, debugRefused: boolean): string[] {
  const sections = ['memory', 'stats', 'persistence', 'keyspace'];
  if (!debugRefused && engineTraits(identity).needsInfoDebug === true) sections.push('debug');
  return sections;
}

/** The INFO sections of one sample, read once: the change check and the snapshot share it. */
export interface InfoReading {
  parsed: ParsedInfo;
  info: SnapshotInfo;
  warnings: string[];
}

export function readSampleInfo(infoText: string): InfoReading {
  const parsed = parseInfoText(infoText);
  const read = readInfoFields(parsed);
  return { parsed, info: read.info, warnings: read.warnings };
}

/**
 * Defrag started or stopped since the previous sample, or INFO contradicts the config we hold:
 * then the poller reads the config again at once, so a sample never shows "running" beside a
 * stale "activedefrag no".
 */
export function defragStateChanged(reading: InfoReading, previous: Snapshot | null, config: SnapshotConfig): boolean {
  const value = reading.info.active_defrag_running;
  if (value === null) return false;
  const running = value > 0;
  const wasRunning = previous?.ok ? (previous.info.active_defrag_running ?? 0) > 0 : null;
  return (wasRunning !== null && wasRunning !== running) || (running && config.activedefrag === false);
}

export interface SampleInput {
  targetId: string;
  seq: number;
  /** When the poll was sent (ms since the epoch). */
  at: number;
  rttMs: number;
  reading: InfoReading;
  state: SampleState;
  /** From this poll's refresh (CONFIG GET problems). */
  warnings: readonly string[];
}

/** A good sample, and the identity it leaves (INFO memory names the allocator, INFO server does not). */
export function buildSample(input: SampleInput): { snapshot: Snapshot; identity: ServerIdentity } {
  const { reading, state } = input;
  const info: SnapshotInfo = { ...reading.info, ...state.serverInfo };
  // `mem_allocator` is printed in INFO memory, not INFO server.
  const allocator = identityField(reading.parsed, 'mem_allocator');
  const identity = allocator !== null && allocator !== state.identity.allocator ? { ...state.identity, allocator } : state.identity;
  const snapshot: Snapshot = {
    targetId: input.targetId,
    seq: input.seq,
    at: input.at,
    ok: true,
    server: identity,
    info,
    config: state.config,
    latency: state.latency,
    derived: {
      health: deriveHealth(info),
      connection: 'connected',
      pollRttMs: input.rttMs,
      defragSupported: state.support.supported,
      defragUnsupportedReason: state.support.supported === false ? state.support.reason : null,
      forkChildActive: hasForkChild(info),
      keys: readKeyCount(reading.parsed),
      parseWarnings: capWarnings([reading.parsed.warnings, reading.warnings, input.warnings]),
    },
  };
  return { snapshot, identity };
}

/** An `ok: false` sample: why there is no figure this interval, with what is still known. */
export function buildFailure(input: { targetId: string; seq: number; at: number; connection: ConnectionState; error: string; state: SampleState }): Snapshot {
  const { state } = input;
  return {
    targetId: input.targetId,
    seq: input.seq,
    at: input.at,
    ok: false,
    error: input.error,
    server: state.identity,
    info: emptyInfo(),
    config: state.config,
    latency: state.latency,
    derived: {
      health: 'unknown',
      connection: input.connection,
      pollRttMs: null,
      defragSupported: state.support.supported,
      defragUnsupportedReason: state.support.supported === false ? state.support.reason : null,
      forkChildActive: null,
      keys: null,
      parseWarnings: [],
    },
  };
}

/** The carried-over state a sample from another replica stands for (serverInfo is not relayed on its own). */
export function stateFromSnapshot(snapshot: Snapshot): Omit<SampleState, 'serverInfo'> {
  return {
    identity: snapshot.server,
    config: snapshot.config,
    latency: snapshot.latency,
    support: { supported: snapshot.derived.defragSupported, reason: snapshot.derived.defragUnsupportedReason },
  };
}
