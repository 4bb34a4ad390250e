import { afterEach, describe, expect, it } from 'vitest';
import { normalReply, startFakeResp, type FakeReply, type FakeResp } from '@/scripts/harness/fake-resp';
import { MAX_IDENTITY_CHARS } from '@/lib/info-parser';
import { nextSnapshot, startPoller } from './poller.test-support';
import { MAX_WARNINGS, readRefresh } from './snapshot-builder';
import { MAX_POLL_REPLY_BYTES, type TargetPoller } from './target-poller';

/**
 * Broken or hostile servers (issue 15, item 10), as a fake Redis on loopback: replies no real
 * Redis sends. The poller must stay up, bound its memory and CPU, and report the target failing
 * with a reason a person can act on.
 */

const isSampleInfo = (command: string[]) => command[0]!.toUpperCase() === 'INFO' && command.slice(1).includes('memory');
const MiB = 1024 * 1024;

let fake: FakeResp | null = null;
let poller: TargetPoller | null = null;
afterEach(async () => {
  await poller?.stop();
  await fake?.close();
  poller = null;
  fake = null;
});

async function pollerAgainst(reply: FakeReply, timeoutMs = 10_000): Promise<TargetPoller> {
  fake = await startFakeResp(reply);
  poller = startPoller(fake.url, { intervalMs: 200, timeoutMs });
  return poller;
}

describe('a hostile server', () => {
  it('a `$4000000000` bulk reply: the connection is dropped past the per-poll cap, with a clear reason, long before the poll timeout', async () => {
    const filler = Buffer.alloc(16 * MiB, 0x78);
    const p = await pollerAgainst((command) => (isSampleInfo(command) ? Buffer.concat([Buffer.from('$4000000000\r\n'), filler]) : normalReply(command)));
    const started = Date.now();
    const failed = await nextSnapshot(p, (s) => !s.ok && /more than 4 MiB/.test(s.error ?? ''), 8000);
    expect(failed.error).toMatch(/dropped the connection/);
    expect(Date.now() - started).toBeLessThan(5000); // the poll timeout is 10 s: this was the cap, not the timeout
    expect(MAX_POLL_REPLY_BYTES).toBe(4 * MiB);
  });

  it('an unterminated simple string: dropped at the cap, quickly (no quadratic re-copying of an endless line)', async () => {
    const line = Buffer.concat([Buffer.from('+'), Buffer.alloc(32 * MiB, 0x61)]);
    const p = await pollerAgainst((command) => (isSampleInfo(command) ? line : normalReply(command)));
    const started = Date.now();
    await nextSnapshot(p, (s) => !s.ok && /more than 4 MiB/.test(s.error ?? ''), 8000);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a 1 MiB mem_allocator: truncated before it is copied into snapshots', async () => {
    const p = await pollerAgainst((command) => normalReply(command, { mem_allocator: 'j'.repeat(MiB) }));
    const sample = await nextSnapshot(p, (s) => s.ok && s.server.allocator !== null);
    expect(sample.server.allocator!.length).toBeLessThanOrEqual(MAX_IDENTITY_CHARS);
    expect(JSON.stringify(sample).length).toBeLessThan(64 * 1024);
  });

  it('100k-deep nested arrays (the RESP parser recurses per level): no exception escapes, the target fails with a reason, and recovers', async () => {
    const nested = `${'*1\r\n'.repeat(100_000)}$1\r\na\r\n`;
    let hostile = true;
    const p = await pollerAgainst((command) => {
      const name = command[0]!.toUpperCase();
      if (hostile && (name === 'LATENCY' || (name === 'CONFIG' && command[1]?.toUpperCase() === 'GET'))) return nested;
      return normalReply(command);
    });
    const failed = await nextSnapshot(p, (s) => !s.ok && /cannot be parsed/.test(s.error ?? ''), 8000);
    expect(failed.error).toMatch(/dropped the connection/);
    // An uncaught RangeError would fail this test run (vitest reports it); the poller reconnects.
    hostile = false;
    await nextSnapshot(p, (s) => s.ok, 8000);
  });

  it('100k bad CONFIG values: the refresh survives and the warnings are capped', async () => {
    const pairs = 100_000;
    const reply = `*${pairs * 2}\r\n${'$23\r\nactive-defrag-cycle-min\r\n$1\r\nx\r\n'.repeat(pairs)}`;
    expect(reply.length).toBeLessThan(MAX_POLL_REPLY_BYTES);
    const p = await pollerAgainst((command) => (command[0]!.toUpperCase() === 'CONFIG' && command[2] === 'active*' ? reply : normalReply(command)));
    const sample = await nextSnapshot(p, (s) => s.ok && s.derived.parseWarnings.length > 0, 8000);
    expect(sample.derived.parseWarnings.length).toBeLessThanOrEqual(MAX_WARNINGS + 1);
    expect(sample.derived.parseWarnings.at(-1)).toMatch(/and \d+ more warnings/);
  });
});

describe('readRefresh', () => {
  it('reads 200k bad CONFIG values without spreading them into a call (Maximum call stack size exceeded)', () => {
    const reply: string[] = [];
    for (let i = 0; i < 200_000; i++) reply.push('active-defrag-cycle-min', 'x');
    const state = { identity: { engine: null, version: null, allocator: null, runId: null }, serverInfo: {}, config: {} as never };
    const read = readRefresh(state, undefined, [null, reply], (t) => t);
    expect(read.warnings.length).toBe(200_000);
  });
});
