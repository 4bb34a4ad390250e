import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { alertHistoryResponseSchema, alertsListSchema } from '@/lib/alerts/api-schema';
import { apiErrorSchema } from '@/lib/api-error';
import { auditListSchema } from '@/lib/audit/api-schema';
import { baselineSchema } from '@/lib/baselines';
import { baselineDeletedSchema, baselineListResponseSchema, comparisonResponseSchema } from '@/lib/baselines/api-schema';
import { configApplyResultSchema, configViewSchema } from '@/lib/config-params/api-schema';
import { decisionResponseSchema } from '@/lib/decision/api-schema';
import { clusterListResponseSchema, fleetResponseSchema, fleetSparklinesSchema } from '@/lib/fleet/api-schema';
import { historyResponseSchema, runsResponseSchema } from '@/lib/history/api-schema';
import { labStatusSchema } from '@/lib/lab/api-schema';
import { sessionStateSchema } from '@/lib/session/api-schema';
import { healthResponseSchema, snapshotResponseSchema, targetsResponseSchema } from '@/lib/targets/api-schema';
import { windowCreatedSchema, windowDeletedSchema, windowListSchema } from '@/lib/windows/api-schema';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { alertHistoryResponse, alertsResponse } from '../alerts/alerts-routes';
import { auditListResponse, auditRevertResponse } from '../audit/audit-routes';
import {
  baselineCompareResponse,
  baselineCreateResponse,
  baselineDeleteResponse,
  baselineGetResponse,
  baselineListResponse,
} from '../baselines/baselines-routes';
import { configChangeResponse, configViewResponse } from '../config/config-routes';
import { getHub, type Hub } from '../core/hub';
import { decisionResponse, whatIfResponse } from '../decision/decision-routes';
import { clusterListResponse } from '../fleet/cluster-routes';
import { fleetResponse, sparklinesResponse } from '../fleet/fleet-routes';
import { historyResponse, runsResponse } from '../history/history-routes';
import { labStatusResponse } from '../lab/demo-lab';
import { sessionStateResponse, signInResponse, signOutResponse } from '../session/session-routes';
import { healthResponse, snapshotResponse, targetsResponse } from '../targets/targets-routes';
import { windowCreateResponse, windowDeleteResponse, windowListResponse } from '../windows/windows-routes';

/**
 * Every JSON route's real answer, from the controllers on a live server, parsed with the one
 * schema the browser checks it against (lib/<feature>/api-schema.ts). A field the server adds,
 * renames or retypes without its contract fails here, not in a browser.
 */
describe('API contracts', () => {
  const TOKEN = 'contracts-test-token-0123456789';
  const ORIGIN = 'http://127.0.0.1';
  let redis: RedisProcess;
  let hub: Hub;

  beforeAll(async () => {
    redis = await startRedis();
    process.env.FRAGSCOPE_TARGETS = `main=${redis.url}`;
    process.env.FRAGSCOPE_POLL_MS = '200';
    process.env.FRAGSCOPE_ADMIN_TOKEN = TOKEN;
    process.env.FRAGSCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'fragscope-contracts-'));
    hub = getHub();
    const deadline = Date.now() + 10_000;
    while (!hub.get('main')?.lastOk()) {
      if (Date.now() > deadline) throw new Error('no good sample of the test server');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 30_000);

  afterAll(async () => {
    await hub?.stop();
    await redis?.kill();
  });

  const get = (url: string) => new Request(`${ORIGIN}${url}`, { headers: { host: '127.0.0.1' } });
  const write = (method: string, url: string, body?: unknown) =>
    new Request(`${ORIGIN}${url}`, {
      method,
      headers: { host: '127.0.0.1', authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  async function parsed<T>(response: Response | Promise<Response>, schema: z.ZodType<T>, status = 200): Promise<T> {
    const answer = await response;
    const body: unknown = await answer.json();
    expect(answer.status, JSON.stringify(body)).toBe(status);
    return schema.parse(body);
  }

  it('targets, health, snapshot, fleet and clusters', async () => {
    expect((await parsed(targetsResponse(), targetsResponseSchema)).targets.map((t) => t.id)).toEqual(['main']);
    expect((await parsed(healthResponse(), healthResponseSchema)).status).toBe('ok');
    expect((await parsed(snapshotResponse('main'), snapshotResponseSchema)).targetId).toBe('main');
    expect((await parsed(fleetResponse(get('/api/fleet')), fleetResponseSchema)).rows).toHaveLength(1);
    expect((await parsed(sparklinesResponse(get('/api/fleet/sparklines?ids=main')), fleetSparklinesSchema)).targets.map((t) => t.id)).toEqual(['main']);
    expect((await parsed(clusterListResponse(), clusterListResponseSchema)).clusters).toEqual([]);
  });

  it('decision, what-if, history, runs, alerts and the lab status', async () => {
    expect((await parsed(decisionResponse('main'), decisionResponseSchema)).targetId).toBe('main');
    const whatIf = await parsed(
      whatIfResponse(write('POST', '/api/decision/what-if', { targetId: 'main', config: { activedefrag: true } })),
      decisionResponseSchema,
    );
    expect(whatIf.whatIf).toBe(true);
    expect((await parsed(historyResponse('main', `${ORIGIN}/api/targets/main/history`), historyResponseSchema)).t.length).toBeGreaterThan(0);
    expect((await parsed(runsResponse('main', `${ORIGIN}/api/targets/main/runs`), runsResponseSchema)).runs).toEqual([]);
    expect((await parsed(alertsResponse(get('/api/alerts')), alertsListSchema)).webhook).toEqual({ configured: false });
    expect((await parsed(alertHistoryResponse(get('/api/alerts/history')), alertHistoryResponseSchema)).page).toBe(1);
    expect((await parsed(labStatusResponse('main'), labStatusSchema)).demo).toBe(false);
  });

  it('session, config, audit and revert', async () => {
    expect(await parsed(sessionStateResponse(get('/api/session')), sessionStateSchema)).toEqual({ writesEnabled: true, signedInAs: null });
    const signIn = new Request(`${ORIGIN}/api/session`, { method: 'POST', headers: { host: '127.0.0.1' }, body: JSON.stringify({ token: TOKEN }) });
    expect((await parsed(signInResponse(signIn), sessionStateSchema)).signedInAs).not.toBeNull();
    expect((await parsed(signOutResponse(write('DELETE', '/api/session')), sessionStateSchema)).signedInAs).toBeNull();

    expect((await parsed(configViewResponse('main', get('/api/targets/main/config')), configViewSchema)).targetId).toBe('main');
    const applied = await parsed(
      configChangeResponse('main', write('POST', '/api/targets/main/config', { changes: { 'active-defrag-cycle-max': '20' } })),
      configApplyResultSchema,
    );
    expect(applied.after).toEqual({ 'active-defrag-cycle-max': '20' });
    const audit = await parsed(auditListResponse(get('/api/audit?target=main')), auditListSchema);
    expect(audit.entries[0]?.id).toBe(applied.auditId);
    const reverted = await parsed(auditRevertResponse(applied.auditId, write('POST', `/api/audit/${applied.auditId}/revert`)), configApplyResultSchema);
    expect(reverted.after).toEqual(applied.before);
  });

  it('windows: list, create, delete', async () => {
    const day = 86_400_000;
    const spec = {
      kind: 'once',
      start: new Date(Date.now() + day).toISOString(),
      end: new Date(Date.now() + day + 60_000).toISOString(),
      preset: 'low-latency',
    };
    const created = await parsed(windowCreateResponse('main', write('POST', '/api/targets/main/windows', spec)), windowCreatedSchema, 201);
    expect((await parsed(windowListResponse('main', get('/api/targets/main/windows')), windowListSchema)).windows.map((w) => w.id)).toEqual([
      created.window.id,
    ]);
    const deleted = await parsed(windowDeleteResponse('main', write('DELETE', `/api/targets/main/windows?id=${created.window.id}`)), windowDeletedSchema);
    expect(deleted).toEqual({ deleted: created.window.id, restored: false });
  });

  it('baselines: create, list, get, compare, delete', async () => {
    const baseline = await parsed(baselineCreateResponse('main', write('POST', '/api/targets/main/baselines', { name: 'contract' })), baselineSchema, 201);
    expect((await parsed(baselineListResponse('main', get('/api/targets/main/baselines')), baselineListResponseSchema)).baselines[0]?.id).toBe(baseline.id);
    expect((await parsed(baselineGetResponse('main', baseline.id), baselineSchema)).name).toBe('contract');
    const compareUrl = `/api/targets/main/baselines/${baseline.id}/compare?to=now`;
    expect((await parsed(baselineCompareResponse('main', baseline.id, get(compareUrl)), comparisonResponseSchema)).baseline.id).toBe(baseline.id);
    expect(
      await parsed(baselineDeleteResponse('main', baseline.id, write('DELETE', `/api/targets/main/baselines/${baseline.id}`)), baselineDeletedSchema),
    ).toEqual({ deleted: baseline.id });
  });

  it('answers every failure with the one error body', async () => {
    expect((await parsed(snapshotResponse('nope'), apiErrorSchema, 404)).error.code).toBe('not_found');
    const unauthorized = new Request(`${ORIGIN}/api/targets/main/config`, { method: 'POST', headers: { host: '127.0.0.1' }, body: '{}' });
    expect((await parsed(configChangeResponse('main', unauthorized), apiErrorSchema, 401)).error.code).toBe('unauthorized');
    const invalid = await parsed(
      configChangeResponse('main', write('POST', '/api/targets/main/config', { changes: { 'active-defrag-cycle-max': '200' } })),
      apiErrorSchema,
      422,
    );
    expect(Object.keys(invalid.error.fields ?? {})).toEqual(['active-defrag-cycle-max']);
    expect(invalid.error.auditId).toBeTruthy();
  });
});
