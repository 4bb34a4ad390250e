import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonReply, stubFetch } from './fetch-stub.test-support';
import { lazySchema, resolveSchema } from './lazy-schema';
import { requestJson } from './request-json';

const fetchStub = stubFetch();
const schema = z.object({ n: z.number() });

describe('lazySchema', () => {
  it('imports once, however many requests check against it', async () => {
    let imports = 0;
    const lazy = lazySchema(async () => {
      imports++;
      return schema;
    });
    const [a, b] = await Promise.all([lazy.load(), resolveSchema(lazy)]);
    expect(a).toBe(schema);
    expect(b).toBe(schema);
    expect(await lazy.load()).toBe(schema);
    expect(imports).toBe(1);
  });

  it('tries the import again after a failed one (a chunk that did not load)', async () => {
    let attempt = 0;
    const lazy = lazySchema(async () => {
      if (attempt++ === 0) throw new Error('ChunkLoadError');
      return schema;
    });
    await expect(lazy.load()).rejects.toThrow('ChunkLoadError');
    expect(await lazy.load()).toBe(schema);
  });

  it('checks answers in requestJson like the schema itself, and a failed load is a failure value', async () => {
    fetchStub.answer(jsonReply(200, { n: 1 }));
    expect(
      await requestJson(
        '/api/x',
        lazySchema(async () => schema),
      ),
    ).toEqual({ ok: true, data: { n: 1 } });
    fetchStub.answer(jsonReply(200, { n: 'one' }));
    expect(
      await requestJson(
        '/api/x',
        lazySchema(async () => schema),
      ),
    ).toMatchObject({ ok: false, code: 'bad_response' });
    fetchStub.answer(jsonReply(200, { n: 1 }));
    const broken = lazySchema<{ n: number }>(() => Promise.reject(new Error('ChunkLoadError')));
    expect(await requestJson('/api/x', broken)).toMatchObject({ ok: false, code: 'network', message: expect.stringContaining('reload') });
  });
});
