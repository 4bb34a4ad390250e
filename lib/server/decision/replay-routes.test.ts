import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '@/lib/api-error';
import { replayResponseSchema } from '@/lib/decision/api-schema';
import { startAggressiveDefrag } from '@/scripts/harness/defrag-run';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '@/scripts/lab/engines';
import { getHub, type Hub } from '../core/hub';
import { replayResponse } from './replay-routes';

const ENGINE = (process.env.FRAGSCOPE_LAB_ENGINES ?? 'redis-7.0').split(/\s+/).filter(Boolean)[0]!;

/**
 * The threshold replay on history the app recorded itself, through its own poller, of a real
 * defrag run on a lab build: with the server's values it agrees with what the server did; with
 * lower candidate thresholds it starts earlier; it answers with the server gone (no Redis call).
 */
describe('GET /api/targets/{id}/replay on a real lab run', () => {
  let server: RedisProcess;
  let hub: Hub;
  let activatedAt = 0;

  beforeAll(async () => {
    const binary = resolveEngineBinary(ENGINE as Parameters<typeof resolveEngineBinary>[0]);
    if (!binary) throw new Error(`no verified ${ENGINE} build: run \`npm run lab -- build --engine ${ENGINE}\``);
    server = await startRedis({ binary });
    process.env.FRAGSCOPE_TARGETS = `lab=${server.url}`;
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-replay-'));
    hub = getHub();
    const deadline = Date.now() + 15_000;
    while (!hub.get('lab')?.lastOk()) {
      if (Date.now() > deadline) throw new Error('no first sample');
      await new Promise((r) => setTimeout(r, 100));
    }
    await fragment(server.url, { keys: 300_000 });
    // Idle and fragmented for a few samples, then the lab's usual values.
    // (8 s: an idle poller samples every 5 s until it sees the fragmentation move, then every second.)
    await new Promise((r) => setTimeout(r, 8000));
    const direct = new Redis(server.url);
    await startAggressiveDefrag(direct);
    activatedAt = Date.now();
    // Until the run has ended (3 s of 0 after running).
    const until = Date.now() + 120_000;
    let ran = false;
    for (;;) {
      if (Date.now() > until) throw new Error('the defrag run did not end');
      await new Promise((r) => setTimeout(r, 1000));
      const running = Number(/active_defrag_running:(\d+)/.exec(await direct.info('memory'))![1]);
      if (running > 0) ran = true;
      if (ran && running === 0) break;
    }
    await new Promise((r) => setTimeout(r, 4000));
    direct.disconnect();
  }, 200_000);

  afterAll(async () => {
    await hub?.stop();
    await server?.kill();
  });

  const replay = async (query: string) => {
    const answer = await replayResponse('lab', new Request(`http://127.0.0.1/api/targets/lab/replay?from=${Date.now() - 600_000}&${query}`));
    return { status: answer.status, body: (await answer.json()) as unknown };
  };

  it("with the server's own values it agrees with what the server did", async () => {
    const { status, body } = await replay('');
    expect(status).toBe(200);
    const r = replayResponseSchema.parse(body);
    console.info(
      `[replay ${ENGINE}] actual ${JSON.stringify(r.actualSpans)}; replayed ${JSON.stringify(r.spans)}; ${r.samples} samples; fallback ${JSON.stringify(r.fallback)}; effort ${JSON.stringify(r.effort)}; actual ${JSON.stringify(r.actual)}`,
    );
    expect(r.actualSpans.length).toBeGreaterThanOrEqual(1);
    expect(r.spans.length).toBe(r.actualSpans.length);
    const [actual] = r.actualSpans;
    const [replayed] = r.spans;
    // The recorded activedefrag went yes between two polls; the server started within the next second.
    expect(Math.abs(replayed!.start - actual!.start)).toBeLessThanOrEqual(1500);
    expect(replayed!.start).toBeGreaterThanOrEqual(activatedAt - 1500);
    // Never later than the server's end; the server finishes its pass first.
    expect(replayed!.end).not.toBeNull();
    expect(replayed!.end!).toBeLessThanOrEqual(actual!.end! + 1500);
    expect(actual!.end! - replayed!.end!).toBeLessThanOrEqual(5000);
    // The starting effort is the server's own first reported effort (75 % at this fragmentation).
    const firstActual = r.actual[r.t.findIndex((t) => t >= actual!.start)];
    expect(replayed!.startEffort).toBe(firstActual);
  });

  it('with activedefrag on and lower thresholds from the start, defrag would have started before it did', async () => {
    const r = replayResponseSchema.parse((await replay('activedefrag=yes&active-defrag-ignore-bytes=1mb&active-defrag-threshold-lower=5')).body);
    expect(r.candidate).toEqual({ activedefrag: true, 'active-defrag-ignore-bytes': 1048576, 'active-defrag-threshold-lower': 5 });
    expect(r.spans[0]!.start).toBeLessThan(r.actualSpans[0]!.start - 2000);
    // Thresholds no fragmentation here reaches: never.
    expect(replayResponseSchema.parse((await replay('active-defrag-threshold-lower=1000')).body).spans).toEqual([]);
  });

  it('refuses bad values with the editor’s own messages, and unknown parameters', async () => {
    const bad = await replay('active-defrag-cycle-max=150&active-defrag-ignore-bytes=lots');
    expect(bad.status).toBe(422);
    const message = apiErrorSchema.parse(bad.body).error.message;
    expect(message).toMatch(/active-defrag-ignore-bytes/);
    expect(message).toMatch(/active-defrag-cycle-max/);
    expect((await replay('threshold=5')).status).toBe(422);
    expect((await replay('points=1')).status).toBe(422);
  });

  it('answers from the history alone: the server stopped, the replay is the same', async () => {
    const before = replayResponseSchema.parse((await replay('to=' + Date.now())).body);
    await server.kill();
    const after = replayResponseSchema.parse((await replay(`to=${before.to}`)).body);
    expect(after.spans).toEqual(before.spans);
  });
});
