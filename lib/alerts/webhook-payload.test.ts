import { describe, expect, it } from 'vitest';
import type { AlertTransition } from './state';
import { idempotencyKey, toWebhookPayload, webhookPayloadSchema } from './webhook-payload';

const fired: AlertTransition = {
  status: 'fired',
  targetId: 'cache-1',
  rule: 'target-down',
  severity: 'critical',
  since: Date.UTC(2026, 0, 2, 3, 4, 5),
  at: Date.UTC(2026, 0, 2, 3, 4, 35),
  value: 30,
  message: 'no good sample for 30 s',
};

describe('webhook payload', () => {
  it('is the documented JSON, with ISO times and firing/resolved', () => {
    const payload = toWebhookPayload(fired);
    expect(payload).toEqual({
      status: 'firing',
      rule: 'target-down',
      target: 'cache-1',
      severity: 'critical',
      since: '2026-01-02T03:04:05.000Z',
      at: '2026-01-02T03:04:35.000Z',
      value: 30,
      message: 'no good sample for 30 s',
    });
    expect(webhookPayloadSchema.parse(payload)).toEqual(payload);
    expect(toWebhookPayload({ ...fired, status: 'resolved' }).status).toBe('resolved');
  });

  it('the idempotency key is target:rule:since:status, shared by a fire\u2019s retries and distinct from its resolve', () => {
    expect(idempotencyKey(fired)).toBe(`cache-1:target-down:${fired.since}:firing`);
    expect(idempotencyKey({ ...fired, status: 'resolved' })).toBe(`cache-1:target-down:${fired.since}:resolved`);
  });
});
