import Redis from 'ioredis';
import { startApp, type AppProcess } from '../scripts/harness/app-process';
import { startRedis, type RedisProcess } from '../scripts/harness/redis-process';
import { fragment, resolveEngineBinary } from '../scripts/lab/engines';
import { formatBytes } from '../lib/format';
import { expect, infoField, POLL_MS, test, waitForSample, waitForSteadyRss } from './support/fixtures';

/**
 * Before/after on a real defrag-capable lab server through the HTTP API: baseline, fragment then
 * defrag, compare; a baseline before loading more data is "confounded"; exports carry the figures.
 */

const TOKEN = 'e2e-baselines-token-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}` };

test.describe('baselines and comparisons on the lab build', () => {
  let server: RedisProcess;
  let direct: Redis;
  let app: AppProcess;

  test.beforeAll(async () => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    server = await startRedis({ binary });
    direct = new Redis(server.url);
    app = await startApp({ REDIS_URL: server.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
    await waitForSample(app.url);
  });

  test.afterAll(async () => {
    direct?.disconnect();
    await app?.kill();
    await server?.kill();
  });

  test('baseline, defrag, compare: success with the reclaimed RSS INFO shows; exports; run end; guarded delete', async ({ request }) => {
    test.setTimeout(180_000);
    await fragment(server.url, { keys: 1_000_000 });
    await new Promise((r) => setTimeout(r, POLL_MS * 3));
    const base = `${app.url}/api/targets/default/baselines`;
    expect((await request.post(base, { data: { name: 'before defrag' } })).status()).toBe(401);
    expect((await request.post(base, { data: { name: '' }, headers: BEARER })).status()).toBe(422);
    const created = await request.post(base, { data: { name: 'before defrag', note: 'lab run' }, headers: BEARER });
    expect(created.status()).toBe(201);
    const baseline = await created.json();
    const rssBefore = baseline.snapshot.info.used_memory_rss as number;

    // Switching defrag on through the editor captures its own baseline just before the write.
    const on = await request.post(`${app.url}/api/targets/default/config`, {
      // threshold-lower stays 10: the run ends by itself once allocator fragmentation is under 10 %.
      data: { changes: { activedefrag: 'yes', 'active-defrag-ignore-bytes': '1mb', 'active-defrag-cycle-max': '75' } },
      headers: BEARER,
    });
    expect(on.status()).toBe(200);
    const { baselineId: autoId } = await on.json();
    expect(autoId).toMatch(/^b-/);

    await expect.poll(async () => Number(await infoField(direct, 'allocator_frag_ratio')), { timeout: 90_000, intervals: [500] }).toBeLessThan(1.2);
    await expect.poll(async () => Number(await infoField(direct, 'active_defrag_running')), { timeout: 30_000, intervals: [250] }).toBe(0);
    await new Promise((r) => setTimeout(r, 4000)); // past the run detector's 3 s grace
    await waitForSteadyRss(direct);
    // "Steady" is under 1 % a second, yet jemalloc's decay can still return a step of pages between
    // our INFO and the dashboard's last sample (a CI run saw 5.8 %): read both again until they meet.
    let rssNow = 0;
    type Comparison = { verdict: { status: string }; rows: Array<{ name: string; before: number; after: number; delta: number }>; permalink: string };
    let latest = null as Comparison | null;
    await expect
      .poll(
        async () => {
          await new Promise((r) => setTimeout(r, POLL_MS * 2)); // a sample newer than the last read
          rssNow = Number(await infoField(direct, 'used_memory_rss'));
          latest = (await (await request.get(`${base}/${baseline.id}/compare?to=now`)).json()) as Comparison;
          const after = latest.rows.find((r) => r.name === 'used_memory_rss')!.after;
          return Math.abs(after - rssNow) / rssNow;
        },
        { timeout: 30_000, intervals: [0] },
      )
      .toBeLessThan(0.02);
    const compare = latest!;
    expect(compare.verdict.status).toBe('success');
    const rss = compare.rows.find((r) => r.name === 'used_memory_rss')!;
    expect(rss.before).toBe(rssBefore);
    expect(rss.delta).toBe(rss.after - rss.before);
    expect(rss.delta).toBeLessThan(-30 * 1024 * 1024);
    expect(compare.permalink).toContain(`/compare?target=default&baseline=${baseline.id}&to=now`);

    const md = await request.get(`${base}/${baseline.id}/compare?to=now&format=md`);
    expect(md.headers()['content-type']).toMatch(/text\/markdown/);
    expect(md.headers()['content-disposition']).toMatch(/attachment; filename="fragscope-default-b-.*\.md"/);
    const text = await md.text();
    expect(text).toContain('**Verdict: success.**');
    expect(text).toContain(`| RSS (\`used_memory_rss\`) | ${formatBytes(rss.before)} | ${formatBytes(rss.after)} |`);
    expect(text).toContain(`Permalink: <${compare.permalink}>`);
    const csv = await (await request.get(`${base}/${baseline.id}/compare?to=now&format=csv`)).text();
    expect(csv.split('\r\n')[0]).toBe('figure,label,before,after,delta,relative');
    expect(csv).toContain(`used_memory_rss,`);

    // The same comparison against the end of the detected run.
    // A run's end figures are where RSS settled (up to a minute after the run): wait for that.
    type RunView = { start: { at: number }; end: unknown; settled: unknown };
    const runsNow = async () => (await (await request.get(`${app.url}/api/targets/default/runs`)).json()).runs as RunView[];
    await expect.poll(async () => (await runsNow()).filter((r) => r.settled !== null).length, { timeout: 70_000, intervals: [1000] }).toBeGreaterThanOrEqual(1);
    const finished = (await runsNow()).filter((r) => r.settled !== null);
    expect(finished.length).toBeGreaterThanOrEqual(1);
    const atRunEnd = await (await request.get(`${base}/${autoId}/compare?to=run:${finished.at(-1)!.start.at}`)).json();
    expect(atRunEnd.verdict.status).toBe('success');

    const list = await (await request.get(base)).json();
    expect(list.baselines.map((b: { id: string; trigger: string }) => [b.id, b.trigger])).toEqual([
      [autoId, 'activedefrag-on'],
      [baseline.id, 'manual'],
    ]);
    expect((await request.delete(`${base}/${autoId}`)).status()).toBe(401);
    expect((await request.delete(`${base}/${autoId}`, { headers: BEARER })).status()).toBe(200);
    expect((await request.get(`${base}/${autoId}`)).status()).toBe(404);
  });

  test('a baseline taken before loading more data gives "confounded", not success', async ({ request }) => {
    const base = `${app.url}/api/targets/default/baselines`;
    const created = await request.post(base, { data: { name: 'before the import' }, headers: BEARER });
    const baseline = await created.json();
    await direct.call('DEBUG', 'POPULATE', '300000', 'import', '200');
    await new Promise((r) => setTimeout(r, POLL_MS * 4));
    const compare = await (await request.get(`${base}/${baseline.id}/compare`)).json();
    expect(compare.verdict.status).toBe('confounded');
    expect(compare.verdict.headline).toMatch(/dataset changed/);
  });
});
