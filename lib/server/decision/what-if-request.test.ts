import { describe, expect, it } from 'vitest';
import { whatIfResponse } from './decision-routes';

const post = (config: Record<string, unknown>) =>
  whatIfResponse(
    new Request('http://localhost/api/decision/what-if', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ targetId: 'main', config }),
    }),
  );

describe('what-if request validation', () => {
  // The body is refused before any target is looked up, so no hub or Redis is needed here.
  it.each([
    ['active-defrag-cycle-max', 100],
    ['active-defrag-cycle-min', 0],
    ['active-defrag-threshold-lower', 1001],
    ['active-defrag-threshold-upper', -1],
    ['active-defrag-ignore-bytes', 0],
    ['active-defrag-cycle-us', 100_001],
    ['active-defrag-cycle-max', 12.5],
  ])('refuses %s = %s, outside what the config catalogue allows', async (param, value) => {
    const response = await post({ [param]: value });
    expect(response.status).toBe(422);
    expect((await response.json()).error.message).toContain(param);
  });
});
