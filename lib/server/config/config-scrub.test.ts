import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalReply, resp, startFakeResp, type FakeResp } from '@/scripts/harness/fake-resp';
import { AuditLog } from '../audit/audit-log';
import { parseConfig, type TargetConfig } from '../core/env';
import { AppError } from '../core/errors';
import { withAdminConnection } from '../redis/admin-connection';
import { applyConfigChange } from './config-apply';
import { cachedConfigAvailability, readServerConfig } from './config-read';

/**
 * Redis's error text reaches responses and the audit log: the password never does, whatever a
 * (hostile or misconfigured) server echoes, and a transient error is not cached as the verdict.
 * A fake RESP server, because a real Redis never puts the password in an error.
 */

const SECRET = 'S3cret-Pw-Never-Shown';
const servers: FakeResp[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

async function fake(reply: (command: string[]) => string | null): Promise<TargetConfig> {
  // Names upper-cased (ioredis sends some lower-case); what the test does not answer gets a harmless reply.
  const server = await startFakeResp((command) => {
    const upper = [command[0]!.toUpperCase(), ...command.slice(1)];
    return reply(upper) ?? (upper[0] === 'INFO' || upper[0] === 'PING' ? normalReply(upper) : resp.ok);
  });
  servers.push(server);
  const target = parseConfig({ REDIS_URL: `redis://:${SECRET}@127.0.0.1:${server.port}` }).targets[0]!;
  return { ...target, id: `fake-${server.port}` };
}

const configGet = resp.array(['active-defrag-cycle-max', '25', 'activedefrag', 'no']);

describe('Redis error text is scrubbed at the config read', () => {
  it("a CONFIG SET refusal that echoes the password: the probe's reason holds no secret, and is cached (definitive)", async () => {
    const target = await fake((c) =>
      c[0] === 'CONFIG' && c[1] === 'GET'
        ? configGet
        : c[0] === 'CONFIG' && c[1] === 'SET'
          ? resp.error(`NOPERM user default (pass ${SECRET}) may not run CONFIG SET`)
          : null,
    );
    const read = await withAdminConnection(target, null, (client) => readServerConfig(client, target));
    expect(read.configUnavailable).toMatch(/^NOPERM/);
    expect(read.configUnavailable).not.toContain(SECRET);
    expect(cachedConfigAvailability(target.id)).toBe(read.configUnavailable);
  });

  it('a transient CONFIG GET error (LOADING) is scrubbed and not cached for the next 5 minutes', async () => {
    const target = await fake((c) => (c[0] === 'CONFIG' ? resp.error(`LOADING loading the dataset for ${SECRET}`) : null));
    const read = await withAdminConnection(target, null, (client) => readServerConfig(client, target));
    expect(read.configUnavailable).toContain('LOADING');
    expect(read.configUnavailable).not.toContain(SECRET);
    expect(cachedConfigAvailability(target.id)).toBeNull();
  });

  it('the refused change: neither the response nor the audit entry holds the password', async () => {
    const target = await fake((c) =>
      c[0] === 'CONFIG' && c[1] === 'GET' ? configGet : c[0] === 'CONFIG' && c[1] === 'SET' ? resp.error(`NOPERM no CONFIG SET for ${SECRET}`) : null,
    );
    const audit = new AuditLog(mkdtempSync(path.join(os.tmpdir(), 'fragscope-scrub-')));
    const error = await applyConfigChange(
      { target, tlsCa: null, audit },
      { changes: { 'active-defrag-cycle-max': '10' }, rewrite: false, actor: 'admin', action: 'config-set' },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).not.toContain(SECRET);
    const { entries } = await audit.list();
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain(SECRET);
    expect(entries[0]?.error).toContain('NOPERM');
  });
});
