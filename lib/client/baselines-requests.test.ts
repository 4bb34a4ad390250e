import { describe, expect, it } from 'vitest';
import { jsonReply, stubFetch } from './fetch-stub.test-support';
import { compareMoments, FIGURE_NAMES, momentFromFigures, toJson, type Figures } from '@/lib/baselines';
import { baselineListResponseSchema, comparisonResponseSchema } from '@/lib/baselines/api-schema';
import { historyResponseSchema, runsResponseSchema } from '@/lib/history/api-schema';
import {
  baselinesUrl,
  compareApiUrl,
  comparePageUrl,
  compareToParam,
  comparisonUrl,
  createBaseline,
  dashboardUrl,
  deleteBaseline,
  parseCompareTo,
} from './baselines-requests';
import { historyUrl, runsUrl } from './history-requests';
import { requestJson } from './request-json';

const getBaselines = (targetId: string) => requestJson(baselinesUrl(targetId), baselineListResponseSchema);

const fetchStub = stubFetch();
const calls = fetchStub.calls;
const json = jsonReply;

const ACCESS = {
  allowed: false,
  writesEnabled: true,
  signedInAs: null,
  targetReadonly: false,
  configUnavailable: null,
  reason: 'sign in with the admin token to change settings',
};
const SUMMARY = {
  id: 'b-abc123-0000abcd',
  targetId: 'default',
  name: 'before maintenance',
  note: null,
  at: 1_750_000_000_000,
  takenBy: 'admin',
  trigger: 'manual',
  figures: { used_memory_rss: 300e6, used_memory: 100e6, mem_fragmentation_ratio: 3, allocator_frag_ratio: 2.7, active_defrag_hits: 0 },
  server: { engine: 'redis', version: '7.0.15', allocator: 'jemalloc-5.2.1', runId: 'r1' },
};

const figures = (over: Partial<Figures>): Figures => ({ ...Object.fromEntries(FIGURE_NAMES.map((n) => [n, null])), used_memory: 100e6, ...over }) as Figures;

const POINT = { at: 10, used_memory_rss: 1, allocator_frag_bytes: 2, allocator_frag_ratio: 1.5, active_defrag_hits: 0 };
const PROGRESS = {
  status: 'running',
  elapsedMs: 1000,
  reclaimedRssBytes: null,
  reclaimedFragBytes: null,
  fractionReclaimed: null,
  targetFragBytes: null,
  fractionOfReclaimable: null,
  etaMs: null,
  converging: false,
  trend: 'unknown',
  fragBytesPerSec: null,
  pass: null,
};
const RUN = {
  start: POINT,
  before: null,
  startSeen: false,
  end: null,
  endReason: null,
  peakRunning: 25,
  dips: 0,
  settled: null,
  settleReason: null,
  progress: PROGRESS,
};
const RUNS = { from: 1, to: 2, runs: [RUN], current: RUN, last: RUN, passes: [], runDiagnoses: [], restarts: [] };

function comparisonBody() {
  const before = momentFromFigures(
    SUMMARY.at,
    'baseline "before maintenance"',
    'default',
    'r1',
    figures({ used_memory_rss: 300e6, mem_fragmentation_ratio: 3, active_defrag_hits: 0 }),
  );
  const after = momentFromFigures(
    SUMMARY.at + 60_000,
    'now',
    'default',
    'r1',
    figures({ used_memory_rss: 120e6, mem_fragmentation_ratio: 1.2, active_defrag_hits: 5000 }),
  );
  return {
    ...toJson(compareMoments(before, after), before, after),
    latencyCost: null,
    baseline: SUMMARY,
    to: 'now',
    permalink: 'http://x/compare?target=default&baseline=b-abc123-0000abcd&to=now',
  };
}

describe('baselines-requests', () => {
  it('lists the baselines of a target with the access, same-origin with credentials', async () => {
    fetchStub.answer(json(200, { baselines: [SUMMARY], access: ACCESS }));
    const result = await getBaselines('a b');
    expect(result).toEqual({ ok: true, data: { baselines: [SUMMARY], access: ACCESS } });
    expect(calls[0]!.url).toBe('/api/targets/a%20b/baselines');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(calls[0]!.init.method).toBe('GET');
  });

  it('POSTs name and note, and leaves a blank note out', async () => {
    fetchStub.answer(
      json(401, { error: { code: 'unauthorized', message: 'sign in (or send Authorization: Bearer <FRAGSCOPE_ADMIN_TOKEN>) to change settings' } }),
    );
    await createBaseline('default', 'pre', 'with a note');
    await createBaseline('default', 'pre', '  ');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ name: 'pre', note: 'with a note' });
    expect(JSON.parse(String(calls[1]!.init.body))).toEqual({ name: 'pre' });
  });

  it("passes the server's error text through verbatim, with status and code", async () => {
    fetchStub.answer(json(503, { error: { code: 'unavailable', message: 'no recent good sample of default: is the server reachable?' } }));
    expect(await createBaseline('default', 'pre')).toEqual({
      ok: false,
      status: 503,
      code: 'unavailable',
      message: 'no recent good sample of default: is the server reachable?',
    });
  });

  it('says so when the answer is not JSON or has the wrong shape', async () => {
    fetchStub.answer(() => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }));
    expect(await getBaselines('default')).toMatchObject({ ok: false, status: 502, code: 'http_502', message: 'HTTP 502 Bad Gateway' });
    fetchStub.answer(json(200, { baselines: [{ ...SUMMARY, trigger: 'cron' }], access: ACCESS }));
    const result = await getBaselines('default');
    expect(result).toMatchObject({ ok: false, code: 'bad_response' });
    expect(!result.ok && result.message).toContain('baselines.0.trigger');
  });

  it('reports a network failure as status 0', async () => {
    fetchStub.answer(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await deleteBaseline('default', 'b-x-00000000')).toEqual({
      ok: false,
      status: 0,
      code: 'network',
      message: 'no answer from the dashboard: Failed to fetch',
    });
  });

  it('DELETEs one baseline', async () => {
    fetchStub.answer(json(200, { deleted: 'b-abc123-0000abcd' }));
    expect(await deleteBaseline('default', 'b-abc123-0000abcd')).toEqual({ ok: true, data: { deleted: 'b-abc123-0000abcd' } });
    expect(calls[0]!.url).toBe('/api/targets/default/baselines/b-abc123-0000abcd');
    expect(calls[0]!.init.method).toBe('DELETE');
  });

  it('validates a comparison as the server builds it', async () => {
    const body = comparisonBody();
    fetchStub.answer(json(200, body));
    const result = await requestJson(comparisonUrl('default', 'b-abc123-0000abcd', 'run:1750000000000'), comparisonResponseSchema);
    expect(calls[0]!.url).toBe('/api/targets/default/baselines/b-abc123-0000abcd/compare?to=run%3A1750000000000&format=json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data.verdict.status).toBe('success');
    expect(result.data.rows.find((r) => r.name === 'used_memory_rss')).toMatchObject({ before: 300e6, after: 120e6, delta: -180e6, improved: true });
  });

  it('asks for runs and history with whole-millisecond bounds', async () => {
    fetchStub.answer(json(200, RUNS));
    expect(await requestJson(runsUrl('default', 1000.4, 2000.2), runsResponseSchema)).toEqual({ ok: true, data: RUNS });
    expect(calls[0]!.url).toBe('/api/targets/default/runs?from=1000&to=2001');
    fetchStub.answer(json(200, { from: 1000, to: 2000, t: [1500], series: { used_memory: [5] } }));
    expect((await requestJson(historyUrl('default', 1000, 2000, 400, ['used_memory', 'allocator_frag_ratio']), historyResponseSchema)).ok).toBe(true);
    expect(calls[1]!.url).toBe('/api/targets/default/history?from=1000&to=2000&points=400&series=used_memory,allocator_frag_ratio');
  });

  it('builds download, permalink and dashboard URLs', () => {
    expect(compareApiUrl('a/b', 'b-1-00000000', 'now', 'md')).toBe('/api/targets/a%2Fb/baselines/b-1-00000000/compare?to=now&format=md');
    expect(comparePageUrl('default')).toBe('/compare?target=default');
    expect(comparePageUrl('default', 'b-1-00000000', 'run:1750000000000')).toBe('/compare?target=default&baseline=b-1-00000000&to=run%3A1750000000000');
    expect(dashboardUrl('cache eu')).toBe('/?target=cache%20eu');
  });

  it('parses and prints the "to" of a comparison', () => {
    expect(parseCompareTo('now')).toEqual({ kind: 'now' });
    expect(parseCompareTo('run:1750000000000')).toEqual({ kind: 'run', start: 1750000000000 });
    expect(parseCompareTo('b-mbx1-0a1b2c3d')).toEqual({ kind: 'baseline', id: 'b-mbx1-0a1b2c3d' });
    expect(parseCompareTo('run:12')).toBeNull();
    expect(parseCompareTo('yesterday')).toBeNull();
    expect(compareToParam({ kind: 'run', start: 5_000_000_000 })).toBe('run:5000000000');
  });
});
