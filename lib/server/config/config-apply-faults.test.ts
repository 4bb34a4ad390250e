import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { startCutAfterWriteProxy, type CutAfterWriteProxy } from '@/scripts/harness/cut-after-write-proxy';
import { freePort } from '@/scripts/harness/free-port';
import { AuditLog } from '../audit/audit-log';
import { parseConfig, type TargetConfig } from '../core/env';
import { AppError } from '../core/errors';
import { applyConfigChange } from './config-apply';

/**
 * Operator writes when the connection breaks after CONFIG SET landed, and change keys named after
 * Object.prototype's members, on Debian's packaged redis-server (and with no server at all).
 */

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const newAudit = () => new AuditLog(mkdtempSync(path.join(os.tmpdir(), 'fragscope-apply-faults-')));

describe('operator writes under faults (packaged redis-server)', () => {
  let server: RedisProcess;
  let direct: Redis;
  let proxy: CutAfterWriteProxy;
  let viaProxy: TargetConfig;
  let plain: TargetConfig;
  const cliGet = (name: string) =>
    execFileSync('/usr/bin/redis-cli', ['-p', String(server.port), 'CONFIG', 'GET', name], { encoding: 'utf8' })
      .trim()
      .split('\n')[1];

  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
    proxy = await startCutAfterWriteProxy(server.port);
    viaProxy = parseConfig({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` }).targets[0]!;
    plain = parseConfig({ REDIS_URL: server.url }).targets[0]!;
  });
  afterAll(async () => {
    direct?.disconnect();
    await proxy?.close();
    await server?.kill();
  });

  it('a change whose answer is lost is audited as unknown with the exact before, answered as such, and reverts', async () => {
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '25');
    const audit = newAudit();
    proxy.arm();
    const error = await rejection(
      applyConfigChange(
        { target: viaProxy, tlsCa: null, audit },
        { changes: { 'active-defrag-cycle-max': '12' }, rewrite: false, actor: 'alice', action: 'config-set' },
      ),
    );
    expect(proxy.cuts()).toBe(1);
    expect(cliGet('active-defrag-cycle-max')).toBe('12'); // it landed
    expect(error.code).toBe('outcome_unknown');
    expect(error.status).toBe(502);
    expect(error.details.outcome).toBe('unknown');
    expect(error.message).toMatch(/may or may not have been applied/);
    const { entries } = await audit.list();
    expect(entries).toHaveLength(1); // the intent and its outcome are one entry
    expect(entries[0]).toMatchObject({
      id: error.details.auditId,
      result: 'unknown',
      before: { 'active-defrag-cycle-max': '25' },
      requested: { 'active-defrag-cycle-max': '12' },
      after: null,
    });
    // Revertible: the revert path takes the entry's before.
    const reverted = await applyConfigChange(
      { target: plain, tlsCa: null, audit },
      {
        changes: { 'active-defrag-cycle-max': entries[0]!.before['active-defrag-cycle-max']! },
        rewrite: false,
        actor: 'alice',
        action: 'revert',
        revertOf: entries[0]!.id,
        allowNoop: true,
      },
    );
    expect(reverted.after).toEqual({ 'active-defrag-cycle-max': '25' });
    expect(cliGet('active-defrag-cycle-max')).toBe('25');
  });

  for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(`"${name}" as a change key: a 422 naming it, audited as invalid, Redis untouched`, async () => {
      const audit = newAudit();
      const changes = JSON.parse(`{"${name}":"10","active-defrag-cycle-max":"11"}`) as Record<string, string>;
      const error = await rejection(
        applyConfigChange({ target: plain, tlsCa: null, audit }, { changes, rewrite: false, actor: 'admin', action: 'config-set' }),
      );
      expect(error.status).toBe(422);
      expect(Object.hasOwn(error.details.fields ?? {}, name)).toBe(true);
      expect(error.message).toContain(`"${name}" is not an active-defrag parameter`);
      expect(error.message).not.toMatch(/zod|invalid_type|"code"/i);
      expect(cliGet('active-defrag-cycle-max')).toBe('25');
      const { entries } = await audit.list();
      expect(entries).toMatchObject([{ id: error.details.auditId, result: 'invalid' }]);
    });
  }

  it('the same 422 (audited) when the server is down and nothing is known about it', async () => {
    const down = parseConfig({ REDIS_URL: `redis://127.0.0.1:${await freePort()}` }).targets[0]!;
    for (const name of ['constructor', '__proto__']) {
      const audit = newAudit();
      const changes = JSON.parse(`{"${name}":"10"}`) as Record<string, string>;
      const error = await rejection(applyConfigChange({ target: down, tlsCa: null, audit }, { changes, rewrite: false, actor: 'admin', action: 'config-set' }));
      expect(error.status).toBe(422);
      expect(Object.hasOwn(error.details.fields ?? {}, name)).toBe(true);
      expect((await audit.list()).entries).toMatchObject([{ result: 'invalid' }]);
    }
  });
});
