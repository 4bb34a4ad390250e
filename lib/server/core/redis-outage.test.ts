import { describe, expect, it } from 'vitest';
import { auditEntrySchema } from '@/lib/audit/api-schema';
import { startRedis } from '@/scripts/harness/redis-process';
import { handle } from './handle';
import { AuditLog } from '../audit/audit-log';
import { createStateCommandClient } from '../redis/clients';
import { STATE_KEYS } from '../redis/state-keys';
import { RedisRecordLog } from '../storage/redis-record-log';

describe('a state Redis that is down', () => {
  it('makes the audit list answer 503 with a clear message (not a 500), and no Redis text', async () => {
    const redis = await startRedis();
    const client = createStateCommandClient(redis.url);
    try {
      const audit = new AuditLog(new RedisRecordLog(client, STATE_KEYS.audit, auditEntrySchema));
      const list = () => handle(async () => Response.json(await audit.list({ limit: 10 })));
      expect((await list()).status).toBe(200);
      await redis.kill();
      const started = Date.now();
      const response = await list();
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status, JSON.stringify(body)).toBe(503);
      expect(body.error.code).toBe('unavailable');
      expect(body.error.message).toMatch(/unreachable; try again/);
      expect(body.error.message).not.toMatch(/ECONNREFUSED|maxRetriesPerRequest/);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      client.disconnect();
      await redis.kill();
    }
  });
});
