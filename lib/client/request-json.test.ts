import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonReply, stubFetch } from './fetch-stub.test-support';
import { requestJson } from './request-json';

const fetchStub = stubFetch();
const schema = z.object({ n: z.number() });

describe('requestJson', () => {
  it('passes the abort signal on, so a hook can cancel what it no longer needs', async () => {
    fetchStub.answer(jsonReply(200, { n: 1 }));
    const controller = new AbortController();
    expect(await requestJson('/api/x', schema, { signal: controller.signal })).toEqual({ ok: true, data: { n: 1 } });
    expect(fetchStub.calls[0]!.init.signal).toBe(controller.signal);
  });

  it('gives every failure the same flat shape: the error body, a non-JSON answer, a wrong shape', async () => {
    fetchStub.answer(jsonReply(409, { error: { code: 'conflict', message: 'overlaps', fields: { start: 'taken' } } }));
    expect(await requestJson('/api/x', schema)).toEqual({ ok: false, status: 409, code: 'conflict', message: 'overlaps', fields: { start: 'taken' } });
    fetchStub.answer(jsonReply(500, { message: 'not our error body' }));
    expect(await requestJson('/api/x', schema)).toEqual({ ok: false, status: 500, code: 'http_500', message: 'HTTP 500' });
    fetchStub.answer(jsonReply(200, { n: 'one' }));
    expect(await requestJson('/api/x', schema)).toMatchObject({ ok: false, status: 200, code: 'bad_response', message: expect.stringContaining('n:') });
  });
});
