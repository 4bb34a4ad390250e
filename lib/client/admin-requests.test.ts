import { describe, expect, it } from 'vitest';
import { jsonReply, stubFetch } from './fetch-stub.test-support';
import { auditListSchema } from '@/lib/audit/api-schema';
import { applyConfig, auditUrl, deleteWindow, getConfigView, getSession, revertAuditEntry, runWindowNow, signIn } from './admin-requests';
import { requestJson } from './request-json';

const fetchStub = stubFetch();
const calls = fetchStub.calls;
const json = jsonReply;

const ACCESS = { allowed: true, writesEnabled: true, signedInAs: 'admin', targetReadonly: false, configUnavailable: null, reason: null };
const VIEW = {
  targetId: 'default',
  targetName: 'default',
  engine: 'redis',
  version: '7.0.15',
  params: ['activedefrag', 'active-defrag-cycle-max'],
  values: { activedefrag: 'no', 'active-defrag-cycle-max': '25' },
  configFile: null,
  atomicSet: true,
  defragSupported: false,
  defragUnsupportedReason: 'no jemalloc',
  access: ACCESS,
  activeWindow: null,
};
const APPLIED = {
  before: { 'active-defrag-cycle-max': '25' },
  after: { 'active-defrag-cycle-max': '10' },
  requested: { 'active-defrag-cycle-max': '10' },
  rewrite: null,
  auditId: 'a1-0000abcd',
};

describe('admin-requests', () => {
  it('GETs same-origin with credentials and validates the answer', async () => {
    fetchStub.answer(json(200, VIEW));
    const result = await getConfigView('a b');
    expect(result).toEqual({ ok: true, data: VIEW });
    expect(calls[0]!.url).toBe('/api/targets/a%20b/config');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect(calls[0]!.init.method).toBe('GET');
    expect(calls[0]!.init.body).toBeUndefined();
  });

  it('POSTs JSON changes and the rewrite flag', async () => {
    fetchStub.answer(json(200, APPLIED));
    const result = await applyConfig('default', { 'active-defrag-cycle-max': '10' }, true);
    expect(result.ok).toBe(true);
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ changes: { 'active-defrag-cycle-max': '10' }, rewrite: true });
    expect((calls[0]!.init.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it("passes a 502's Redis text through verbatim, with the audit id", async () => {
    const message = "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled";
    fetchStub.answer(json(502, { error: { code: 'redis_refused', message, auditId: 'a2-0000abcd' } }));
    expect(await applyConfig('default', { activedefrag: 'yes' }, false)).toEqual({
      ok: false,
      status: 502,
      code: 'redis_refused',
      message,
      auditId: 'a2-0000abcd',
    });
  });

  it('keeps the per-field messages of a 422', async () => {
    fetchStub.answer(json(422, { error: { code: 'invalid', message: 'x', fields: { 'active-defrag-cycle-max': 'Must be between 1 and 99 inclusive.' } } }));
    const result = await applyConfig('default', { 'active-defrag-cycle-max': '200' }, false);
    expect(!result.ok && result.fields).toEqual({ 'active-defrag-cycle-max': 'Must be between 1 and 99 inclusive.' });
  });

  it('reports an answer of the wrong shape instead of trusting it', async () => {
    fetchStub.answer(json(200, { ...VIEW, params: 'activedefrag' }));
    const result = await getConfigView('default');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code).toBe('bad_response');
    expect(!result.ok && result.message).toContain('params');
  });

  it('reports an error body that is not JSON by its status', async () => {
    fetchStub.answer(() => new Response('<html>bad gateway</html>', { status: 504, statusText: 'Gateway Timeout' }));
    expect(await getSession()).toEqual({ ok: false, status: 504, code: 'http_504', message: 'HTTP 504 Gateway Timeout' });
  });

  it('turns a network failure into status 0', async () => {
    fetchStub.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await getSession()).toEqual({ ok: false, status: 0, code: 'network', message: 'no answer from the dashboard: Failed to fetch' });
  });

  it('signs in with the token in the body only', async () => {
    fetchStub.answer(json(200, { writesEnabled: true, signedInAs: 'admin' }));
    await signIn('0123456789abcdef');
    expect(calls[0]!.url).toBe('/api/session');
    expect(calls[0]!.init.method).toBe('POST');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ token: '0123456789abcdef' });
    expect(JSON.stringify(calls[0]!.init.headers)).not.toContain('0123456789abcdef');
  });

  it('builds the audit, revert, run-now and delete URLs', async () => {
    fetchStub.answer(json(200, { entries: [], unreadableLines: 0 }));
    await requestJson(auditUrl('t/1', { limit: 50 }), auditListSchema);
    fetchStub.answer(json(200, { entries: [], unreadableLines: 0 }));
    await requestJson(auditUrl('t', { actor: 'alice', result: 'applied', before: 'a1-0000abcd', limit: 5 }), auditListSchema);
    fetchStub.answer(json(200, APPLIED));
    await revertAuditEntry('a1-0000abcd');
    const window = {
      kind: 'once',
      start: '2026-11-24T02:00:00Z',
      end: '2026-11-24T02:01:00Z',
      preset: 'low-latency',
      id: 'w-0123456789ab',
      targetId: 'default',
      createdAt: '2026-11-24T02:00:00Z',
      createdBy: 'admin',
      description: 'Once 2026-11-24 02:00 → 02:01 UTC',
      next: [{ start: 1, end: 2 }],
      running: true,
    };
    fetchStub.answer(json(201, { window }));
    const created = await runWindowNow('default', 1, 'low-latency');
    expect(created).toEqual({ ok: true, data: window });
    fetchStub.answer(json(200, { deleted: 'w-0123456789ab', restored: true }));
    await deleteWindow('default', 'w-0123456789ab');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'GET /api/audit?target=t%2F1&limit=50',
      'GET /api/audit?target=t&limit=5&actor=alice&result=applied&before=a1-0000abcd',
      'POST /api/audit/a1-0000abcd/revert',
      'POST /api/targets/default/windows',
      'DELETE /api/targets/default/windows?id=w-0123456789ab',
    ]);
    expect(JSON.parse(String(calls[3]!.init.body))).toEqual({ runNowMinutes: 1, preset: 'low-latency' });
  });
});
