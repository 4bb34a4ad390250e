import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotSchema, type Snapshot } from '@/lib/snapshot';
import {
  sampleSections,
  buildFailure,
  buildSample,
  defragStateChanged,
  initialSampleState,
  readLatency,
  readRefresh,
  readSampleInfo,
  stateFromSnapshot,
  type Reply,
  type SampleState,
} from './snapshot-builder';

const fixture = (name: string) => readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8');
const ok = (value: unknown): Reply => [null, value];
const scrub = (text: string) => text.split('hunter2').join('***');

/** A whole poll of fixture replies, as the poller hands them over: a refresh, then INFO memory, stats and persistence. */
function pollOf(engine: 'redis-7.0.15' | 'valkey-8.1.1', state: SampleState = initialSampleState()) {
  const refresh = readRefresh(state, ok(fixture(`${engine}-server.txt`)), ok(fixture(`${engine}-config-active.txt`).trim().split('\n')), scrub);
  const latency = readLatency(ok(['latency-monitor-threshold', '0']), ok([]));
  const next: SampleState = { ...state, identity: refresh.identity, serverInfo: refresh.serverInfo, config: refresh.config, latency };
  const reading = readSampleInfo(['memory', 'stats', 'persistence'].map((s) => fixture(`${engine}-${s}.txt`)).join('\n'));
  return { refresh, next, reading };
}

describe('buildSample on fixture replies', () => {
  it('Debian redis 7.0.15: the figures, identity and config exactly as printed', () => {
    const { refresh, next, reading } = pollOf('redis-7.0.15');
    expect(refresh.warnings).toEqual([]);
    expect(refresh.configUnavailable).toBeNull();
    // INFO server does not name the allocator; INFO memory does, and the sample carries it on.
    expect(refresh.identity).toEqual({ engine: 'redis', version: '7.0.15', allocator: null, runId: 'ab5f3d249e85446a847e9c2a37f6e5d4525ca3a6' });
    const { snapshot, identity } = buildSample({ targetId: 'cache', seq: 7, at: 1_700_000_000_000, rttMs: 3, reading, state: next, warnings: [] });
    expect(identity).toEqual({ ...refresh.identity, allocator: 'jemalloc-5.3.0' });
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ targetId: 'cache', seq: 7, at: 1_700_000_000_000, ok: true, server: identity });
    expect(snapshot.info).toMatchObject({
      used_memory: 38323472,
      mem_fragmentation_ratio: 1.31,
      allocator_frag_ratio: 1.01,
      active_defrag_running: 0,
      allocator_muzzy: null, // Redis 7.4+ / Valkey 8.0+
      hz: 10,
      process_id: 5642,
    });
    expect(snapshot.config).toMatchObject({ activedefrag: false, 'active-defrag-ignore-bytes': 104857600, 'active-defrag-cycle-max': 25 });
    expect(snapshot.latency).toEqual({ monitorThresholdMs: 0, defragCycle: null });
    expect(snapshot.derived).toEqual({
      health: 'healthy',
      connection: 'connected',
      pollRttMs: 3,
      defragSupported: null,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: 0, // no INFO keyspace in the fixtures
      parseWarnings: [],
    });
  });

  it('Valkey 8.1.1: its own version (not the compatibility redis_version) and its allocator figures', () => {
    const { refresh, next, reading } = pollOf('valkey-8.1.1');
    expect(refresh.identity).toMatchObject({ engine: 'valkey', version: '8.1.1', runId: 'e6b2070654d333a2d8ca8e0b16342cd533f8c118' });
    const { snapshot } = buildSample({ targetId: 'v', seq: 0, at: 1, rttMs: 1, reading, state: next, warnings: [] });
    expect(snapshot.server).toMatchObject({ engine: 'valkey', version: '8.1.1', allocator: 'jemalloc-5.3.0' });
    expect(snapshot.info).toMatchObject({ used_memory: 32471672, mem_fragmentation_ratio: 1.2, hz: 10, process_id: 31674 });
    expect(snapshot.info.allocator_muzzy).not.toBeNull();
    expect(snapshot.config['active-defrag-cycle-us']).toBe(500);
    expect(snapshot.derived.parseWarnings).toEqual([]);
  });

  it('shows an unsupported probe result with its reason, and this poll’s warnings after the parser’s', () => {
    const { next, reading } = pollOf('redis-7.0.15');
    const state: SampleState = { ...next, support: { supported: false, reason: 'ERR Active defragmentation cannot be enabled' } };
    const { snapshot } = buildSample({ targetId: 't', seq: 1, at: 1, rttMs: 1, reading, state, warnings: ['from the refresh'] });
    expect(snapshot.derived).toMatchObject({ defragSupported: false, defragUnsupportedReason: 'ERR Active defragmentation cannot be enabled' });
    expect(snapshot.derived.parseWarnings).toEqual(['from the refresh']);
    // A reason is shown only for "unsupported": an unknown result keeps it to itself.
    const unknown = buildSample({
      targetId: 't',
      seq: 1,
      at: 1,
      rttMs: 1,
      reading,
      state: { ...state, support: { supported: null, reason: 'could not probe' } },
      warnings: [],
    });
    expect(unknown.snapshot.derived.defragUnsupportedReason).toBeNull();
  });

  it('reports garbage in INFO as warnings, never as figures', () => {
    const reading = readSampleInfo('used_memory:abc\r\n???\r\nmem_fragmentation_ratio:1.5\r\n');
    const { snapshot } = buildSample({ targetId: 't', seq: 0, at: 0, rttMs: 0, reading, state: initialSampleState(), warnings: [] });
    expect(snapshot.info.used_memory).toBeNull();
    expect(snapshot.info.mem_fragmentation_ratio).toBe(1.5);
    expect(snapshot.derived.health).toBe('unknown');
    expect(snapshot.derived.parseWarnings).toEqual(['unreadable INFO line: ???', 'used_memory is not a number: abc']);
  });

  it('does not change the state it was given', () => {
    const { next, reading } = pollOf('redis-7.0.15');
    const before = structuredClone(next);
    buildSample({ targetId: 't', seq: 0, at: 0, rttMs: 0, reading, state: next, warnings: [] });
    readRefresh(next, [new Error('ERR unknown command CONFIG'), null], ok(null), scrub);
    expect(next).toEqual(before);
  });
});

describe('readRefresh', () => {
  it('a failed CONFIG GET empties the config, warns without the password, and stops the probe', () => {
    const { next } = pollOf('redis-7.0.15');
    const read = readRefresh(next, undefined, [new Error("ERR unknown command 'CONFIG' for user hunter2"), null], scrub);
    expect(read.config.activedefrag).toBeNull();
    expect(read.warnings).toEqual(["CONFIG GET failed: ERR unknown command 'CONFIG' for user ***"]);
    expect(read.configUnavailable?.supported).toBeNull();
    // Left out or failed INFO server: the identity read earlier stays.
    expect(read.identity).toBe(next.identity);
    expect(readRefresh(next, [new Error('NOPERM'), null], undefined, scrub)).toMatchObject({ identity: next.identity, config: next.config, warnings: [] });
  });
});

describe('readLatency', () => {
  it('reads the threshold and the defrag event of LATENCY LATEST, and treats refusals as unknown', () => {
    expect(
      readLatency(
        ok(['latency-monitor-threshold', '100']),
        ok([
          ['command', 1, 2, 3],
          ['active-defrag-cycle', '1700000000', '12', '40'],
        ]),
      ),
    ).toEqual({
      monitorThresholdMs: 100,
      defragCycle: { at: 1_700_000_000_000, latestMs: 12, maxMs: 40 },
    });
    expect(readLatency([new Error('NOPERM'), null], [new Error('NOPERM'), null])).toEqual({ monitorThresholdMs: null, defragCycle: null });
    expect(readLatency(undefined, undefined)).toEqual({ monitorThresholdMs: null, defragCycle: null });
  });
});

describe('defragStateChanged', () => {
  const sample = (running: number): Snapshot => {
    const { next } = pollOf('redis-7.0.15');
    return buildSample({ targetId: 't', seq: 0, at: 0, rttMs: 0, reading: readSampleInfo(`active_defrag_running:${running}\r\n`), state: next, warnings: [] })
      .snapshot;
  };
  const config = { ...initialSampleState().config, activedefrag: true };

  it('is true when defrag started or stopped since the previous sample, or runs while the config says no', () => {
    expect(defragStateChanged(readSampleInfo('active_defrag_running:1\r\n'), sample(0), config)).toBe(true);
    expect(defragStateChanged(readSampleInfo('active_defrag_running:0\r\n'), sample(1), config)).toBe(true);
    expect(defragStateChanged(readSampleInfo('active_defrag_running:1\r\n'), sample(1), config)).toBe(false);
    expect(defragStateChanged(readSampleInfo('active_defrag_running:1\r\n'), null, { ...config, activedefrag: false })).toBe(true);
    expect(defragStateChanged(readSampleInfo('active_defrag_running:0\r\n'), null, { ...config, activedefrag: false })).toBe(false);
  });

  it('is false without the field, or with no good previous sample to compare with', () => {
    expect(defragStateChanged(readSampleInfo('used_memory:1\r\n'), sample(0), config)).toBe(false);
    const failed = buildFailure({ targetId: 't', seq: 0, at: 0, connection: 'disconnected', error: 'x', state: initialSampleState() });
    expect(defragStateChanged(readSampleInfo('active_defrag_running:1\r\n'), failed, config)).toBe(false);
  });
});

describe('buildFailure and stateFromSnapshot', () => {
  it('an ok:false sample keeps what is known of the server and no figure', () => {
    const { next } = pollOf('valkey-8.1.1');
    const state = { ...next, support: { supported: false, reason: 'no jemalloc' } };
    const failure = buildFailure({ targetId: 'v', seq: 9, at: 5, connection: 'stalled', error: 'no reply for 1200 ms', state });
    expect(snapshotSchema.parse(failure)).toEqual(failure);
    expect(failure).toMatchObject({ ok: false, error: 'no reply for 1200 ms', seq: 9, at: 5, server: next.identity, config: next.config });
    expect(Object.values(failure.info).every((v) => v === null)).toBe(true);
    expect(failure.derived).toEqual({
      health: 'unknown',
      connection: 'stalled',
      pollRttMs: null,
      defragSupported: false,
      defragUnsupportedReason: 'no jemalloc',
      forkChildActive: null,
      keys: null,
      parseWarnings: [],
    });
  });

  it('a relayed sample gives back the identity, config, latency and support it was built from', () => {
    const { next, reading } = pollOf('redis-7.0.15');
    const state = { ...next, support: { supported: false, reason: 'no jemalloc' } };
    const { snapshot, identity } = buildSample({ targetId: 't', seq: 0, at: 0, rttMs: 0, reading, state, warnings: [] });
    expect(stateFromSnapshot(snapshot)).toEqual({ identity, config: state.config, latency: state.latency, support: state.support });
  });
});

describe('sampleSections', () => {
  const id = (engine: 'redis' | 'valkey' | null, version: string | null) => ({ engine, version });
  it('names INFO debug on Redis >= 7.4 only (the Lua arena), and never after the server refused it', () => {
    expect(sampleSections(id('redis', '7.4.0'), false)).toEqual(['memory', 'stats', 'persistence', 'keyspace', 'debug']);
    expect(sampleSections(id('redis', '8.6.3'), false)).toContain('debug');
    expect(sampleSections(id('redis', '8.6.3'), true)).not.toContain('debug');
    expect(sampleSections(id('redis', '7.2.7'), false)).not.toContain('debug');
    expect(sampleSections(id('valkey', '9.1.2'), false)).not.toContain('debug');
    expect(sampleSections(id(null, null), false)).not.toContain('debug');
  });
});
