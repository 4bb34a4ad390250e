import Redis from 'ioredis';
import { rawBuckets, referencePercentile } from '@/scripts/harness/latency-reference';
import { afterEach, describe, expect, it } from 'vitest';
import { startRedis } from '@/scripts/harness/redis-process';
import { resolveEngineBinary } from '@/scripts/lab/engines';
import { startPoller } from '../polling/poller.test-support';
import type { TargetPoller } from '../polling/target-poller';

// Debian's redis-server (7.0): LATENCY HISTOGRAM needs no defrag, so the packaged build will do.
const INTERVAL = 200;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function setup(args: string[] = []) {
  const server = await startRedis({ args });
  cleanups.push(() => server.kill());
  const direct = new Redis(server.url);
  cleanups.push(async () => void direct.disconnect());
  // Traffic before the poller starts: the first INFO commandstats picks the busy commands from it.
  await direct.set('big', 'x'.repeat(2_000_000));
  await direct.set('small', 'y');
  for (let i = 0; i < 200; i++) await direct.get('small');
  return { server, direct };
}

function poll(url: string) {
  const poller = startPoller(url, { intervalMs: INTERVAL, latencyMs: INTERVAL });
  cleanups.push(() => poller.stop());
  return poller;
}

async function until<T>(what: string, read: () => T | null | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const ready = (poller: TargetPoller) =>
  until('latency readings', () => poller.latency.query(0, Date.now(), 1000).status === 'ok' && poller.latency.busyCommands.includes('get'));

describe('LatencySampler in the poller, against a real redis-server', () => {
  it("windowed percentiles over a span equal those computed from the test's own LATENCY HISTOGRAM readings", async () => {
    const { server, direct } = await setup();
    const poller = poll(server.url);
    await ready(poller);
    expect(poller.latency.busyCommands).toEqual(expect.arrayContaining(['get', 'set']));
    expect(poller.latency.busyCommands).not.toContain('info'); // the dashboard's own polls are left out

    const r0 = await rawBuckets(direct, 'get');
    const from = Date.now();
    await sleep(INTERVAL * 3); // a reading of the unchanged histogram after r0
    // GETs of 2 MB and of 1 byte: a spread over several buckets.
    for (let i = 0; i < 300; i++) await direct.get(i % 10 === 0 ? 'big' : 'small');
    await sleep(INTERVAL * 3);
    const r1 = await rawBuckets(direct, 'get');
    const to = Date.now();
    const response = poller.latency.query(from, to, 1000);
    const get = response.range!.commands.get!;
    expect(get.calls).toBe(300);
    expect(get.p50_usec).toBe(referencePercentile(r0, r1, 500).usec);
    expect(get.p99_usec).toBe(referencePercentile(r0, r1, 990).usec);
    expect(get.p999_usec).toBe(referencePercentile(r0, r1, 999).usec);
    // The 2 MB GETs land in higher buckets than the 1-byte ones: the spread is real, not one bucket.
    expect(get.p99_usec!).toBeGreaterThan(get.p50_usec!);
    // The windows as columns: their calls add up to the span's.
    const calls = response.series.get_calls!.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    expect(calls).toBe(300);
    expect(response.t.length).toBe(response.series.get_p99_usec!.length);
    expect(response.series.all_p99_usec!.some((v) => v !== null)).toBe(true);
  }, 30_000);

  it('CONFIG RESETSTAT mid-way: the window across it is marked and empty, the next ones start over', async () => {
    const { server, direct } = await setup();
    const poller = poll(server.url);
    await ready(poller);
    const from = Date.now();
    await sleep(INTERVAL * 2); // `range` counts the windows wholly inside [from, to]
    for (let i = 0; i < 100; i++) await direct.get('small');
    await sleep(INTERVAL * 3);
    await direct.call('CONFIG', 'RESETSTAT');
    await sleep(INTERVAL * 3);
    const r0 = await rawBuckets(direct, 'get'); // empty: RESETSTAT dropped the histogram
    expect(r0.size).toBe(0);
    for (let i = 0; i < 50; i++) await direct.get('small');
    await sleep(INTERVAL * 3);
    const response = poller.latency.query(from, Date.now(), 1000);
    expect(response.status).toBe('ok');
    expect(response.resets.length).toBe(1);
    // 100 before the reset and 50 after; nothing is differenced across it (the reset window is null).
    const calls = response.series.get_calls!.reduce<number>((sum, v) => sum + (v ?? 0), 0);
    expect(calls).toBe(150);
    const resetIndex = response.t.indexOf(response.resets[0]!);
    expect(response.series.get_calls![resetIndex]).toBeNull();
    expect(response.range!.commands.get!.calls).toBe(150);
  }, 30_000);

  it("an ACL user without LATENCY: status forbidden with the server's words, and the poll goes on", async () => {
    const { server, direct } = await setup();
    await direct.call('ACL', 'SETUSER', 'lim', 'on', '>lim-pass-123', '~*', '+@all', '-latency');
    const url = server.url.replace('redis://', 'redis://lim:lim-pass-123@');
    const poller = poll(url);
    await until('forbidden', () => poller.latency.query(0, Date.now(), 100).status === 'forbidden');
    const response = poller.latency.query(0, Date.now(), 100);
    expect(response.reason).toContain('NOPERM');
    expect(response.reason).not.toContain('lim-pass-123');
    expect(response.t).toEqual([]);
    expect(poller.latest()?.ok).toBe(true);
  }, 30_000);

  it('rename-command LATENCY "": forbidden, and the poll goes on', async () => {
    const { server } = await setup(['--rename-command', 'LATENCY', '']);
    const poller = poll(server.url);
    await until('forbidden', () => poller.latency.query(0, Date.now(), 100).status === 'forbidden');
    expect(poller.latency.query(0, Date.now(), 100).reason).toContain("unknown command 'LATENCY'");
    expect(poller.latest()?.ok).toBe(true);
  }, 30_000);
});

describe('event-loop cycle time beside the percentiles', () => {
  // Redis >= 7.2 counts its event loop (INFO stats eventloop_cycles, eventloop_duration_sum); Debian's 7.0 does not.
  const ENGINES = ['redis-8.0', 'redis-8.6', 'valkey-8.1', 'valkey-9.1'] as const;

  it('a stalled server shows in the windows that hold the stall, not in the quiet ones', async () => {
    const engine = ENGINES.find((e) => resolveEngineBinary(e));
    if (!engine) throw new Error('no verified redis-8.0 (or newer) lab build: run `npm run lab -- build --engine redis-8.0`');
    const server = await startRedis({ binary: resolveEngineBinary(engine)! });
    cleanups.push(() => server.kill());
    const direct = new Redis(server.url);
    cleanups.push(async () => void direct.disconnect());
    for (let i = 0; i < 200; i++) await direct.get('small');
    const poller = poll(server.url);
    await ready(poller);
    await sleep(INTERVAL * 5);
    const stallAt = Date.now();
    // Five Lua busy loops of some tens of ms each: the server is away from its clients meanwhile.
    for (let i = 0; i < 5; i++) await direct.eval('local i = 0 while i < 3000000 do i = i + 1 end return i', 0);
    const stallEnd = Date.now();
    await sleep(INTERVAL * 5);
    const response = poller.latency.query(0, Date.now(), 1000);
    const loop = response.series.eventloop_cycle_usec!;
    const quiet = loop.filter((v, i) => v !== null && response.t[i]! < stallAt - INTERVAL);
    const stalled = loop.filter((v, i) => v !== null && response.t[i]! > stallAt && response.t[i]! < stallEnd + 2 * INTERVAL);
    expect(quiet.length).toBeGreaterThan(2);
    expect(Math.max(...(quiet as number[]))).toBeLessThan(2000);
    expect(Math.max(...(stalled as number[]))).toBeGreaterThan(5 * Math.max(...(quiet as number[])));
  }, 60_000);

  it("is null on Redis 7.0 (Debian's), which has no event-loop counters", async () => {
    const { server } = await setup();
    const poller = poll(server.url);
    await ready(poller);
    await sleep(INTERVAL * 3);
    const response = poller.latency.query(0, Date.now(), 1000);
    expect(response.series.eventloop_cycle_usec!.length).toBeGreaterThan(0);
    expect(response.series.eventloop_cycle_usec!.every((v) => v === null)).toBe(true);
  }, 30_000);
});

describe('LatencySampler before 7.0', () => {
  it('asks nothing of a 6.2 server and says why the percentiles cannot be shown', async () => {
    const { LatencySampler } = await import('./latency-sampler');
    const sampler = new LatencySampler({ intervalMs: 5000 });
    expect(sampler.plan(0, null).calls).toEqual([]); // version not known yet: wait
    expect(sampler.plan(0, '6.2.9').calls).toEqual([]);
    const response = sampler.query(0, 1, 100);
    expect(response.status).toBe('unsupported');
    expect(response.reason).toBe('Redis 6.2.9 has no LATENCY HISTOGRAM (it came with 7.0): per-command latency percentiles cannot be shown');
    expect(sampler.plan(0, '7.0.15').calls).toEqual([
      ['INFO', 'commandstats'],
      ['CONFIG', 'GET', 'latency-tracking'],
    ]);
  });
});
