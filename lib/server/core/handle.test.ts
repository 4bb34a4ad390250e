import { describe, expect, it, vi } from 'vitest';
import { apiErrorSchema } from '@/lib/api-error';
import { ConfigError } from './env';
import { AppError } from './errors';
import { handle } from './handle';

async function errorOf(response: Response) {
  return { status: response.status, body: apiErrorSchema.parse(await response.json()) };
}

describe('handle', () => {
  it("returns the controller's own response, synchronously for a synchronous controller", async () => {
    const response = handle(() => Response.json({ ok: 1 }, { status: 201 }));
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(await (await handle(async () => Response.json({ ok: 2 }))).json()).toEqual({ ok: 2 });
  });

  it('answers an AppError with its status, code, message and details, thrown or rejected', async () => {
    const conflict = new AppError('invalid', 'bad values', { fields: { x: 'too big' }, auditId: 'a1-0000abcd' });
    const expected = { status: 422, body: { error: { code: 'invalid', message: 'bad values', fields: { x: 'too big' }, auditId: 'a1-0000abcd' } } };
    expect(
      await errorOf(
        handle(() => {
          throw conflict;
        }),
      ),
    ).toEqual(expected);
    expect(
      await errorOf(
        await handle(async () => {
          throw conflict;
        }),
      ),
    ).toEqual(expected);
    const unauthorized = handle(() => {
      throw new AppError('unauthorized', 'sign in');
    });
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer realm="fragscope"');
  });

  it('answers a bad environment with 500 config_invalid and anything else with 500 internal, without its text', async () => {
    const config = await errorOf(
      handle(() => {
        throw new ConfigError(['FRAGSCOPE_TARGETS is empty']);
      }),
    );
    expect(config.status).toBe(500);
    expect(config.body.error.code).toBe('config_invalid');
    expect(config.body.error.message).toContain('FRAGSCOPE_TARGETS is empty');
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const internal = await errorOf(
      await handle(async () => {
        throw new Error('secret redis://:pw@host');
      }),
    );
    quiet.mockRestore();
    expect(internal.status).toBe(500);
    expect(internal.body.error.code).toBe('internal');
    expect(internal.body.error.message).not.toContain('secret');
  });
});
