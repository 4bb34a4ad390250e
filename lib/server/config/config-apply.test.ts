import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { resolveEngineBinary } from '@/scripts/lab/engines';
import { AuditLog } from '../audit/audit-log';
import { applyConfigChange, type ApplyContext } from './config-apply';
import { parseConfig } from '../core/env';
import { AppError } from '../core/errors';

/** The one config write path, against real servers: Debian's packaged build and the lab's defrag-capable one. */

function contextFor(server: RedisProcess, dataDir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-audit-'))): ApplyContext & { audit: AuditLog } {
  const [target] = parseConfig({ REDIS_URL: server.url }).targets;
  return { target: target!, tlsCa: null, audit: new AuditLog(dataDir) };
}

async function configGet(client: Redis, name: string): Promise<string> {
  const reply = (await client.call('CONFIG', 'GET', name)) as string[];
  return reply[1]!;
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('applyConfigChange on the packaged redis-server (no defrag support)', () => {
  let server: RedisProcess;
  let direct: Redis;
  beforeAll(async () => {
    server = await startRedis();
    direct = new Redis(server.url);
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
  });

  it('applies a valid multi-parameter change, reads it back and audits it', async () => {
    const ctx = contextFor(server);
    let written = 0;
    const result = await applyConfigChange(
      { ...ctx, onWritten: () => written++ },
      {
        changes: { 'active-defrag-cycle-max': '10', 'active-defrag-ignore-bytes': '200mb' },
        rewrite: false,
        actor: 'alice',
        action: 'config-set',
      },
    );
    expect(result.before).toEqual({ 'active-defrag-cycle-max': '25', 'active-defrag-ignore-bytes': '104857600' });
    expect(result.after).toEqual({ 'active-defrag-cycle-max': '10', 'active-defrag-ignore-bytes': '209715200' });
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('10');
    expect(await configGet(direct, 'active-defrag-ignore-bytes')).toBe('209715200');
    expect(written).toBe(1);
    const { entries } = await ctx.audit.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ id: result.auditId, actor: 'alice', action: 'config-set', result: 'applied', error: null, after: result.after });
    // Durable: a fresh reader of the same file (a restarted app) sees it.
    expect((await new AuditLog(path.dirname(ctx.audit.file)).list()).entries[0]?.id).toBe(result.auditId);
    await direct.call('CONFIG', 'SET', 'active-defrag-cycle-max', '25', 'active-defrag-ignore-bytes', '104857600');
  });

  it('refuses invalid values with a message per parameter, touches nothing, and audits the attempt', async () => {
    const ctx = contextFor(server);
    const error = await rejection(
      applyConfigChange(ctx, {
        changes: { 'active-defrag-cycle-max': '120', 'active-defrag-cycle-min': '0', 'active-defrag-ignore-bytes': '1.5gb', maxmemory: '1gb' },
        rewrite: false,
        actor: 'admin',
        action: 'config-set',
      }),
    );
    expect(error.status).toBe(422);
    expect(Object.keys(error.details.fields ?? {}).sort()).toEqual([
      'active-defrag-cycle-max',
      'active-defrag-cycle-min',
      'active-defrag-ignore-bytes',
      'maxmemory',
    ]);
    expect(error.details.fields?.['active-defrag-cycle-max']).toMatch(/between 1 and 99/);
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
    expect(await configGet(direct, 'maxmemory')).toBe('0');
    const [entry] = (await ctx.audit.list()).entries;
    expect(entry).toMatchObject({ result: 'invalid', id: error.details.auditId, after: null });
  });

  it('enforces the cross-field rules Redis does not: cycle-min <= cycle-max, threshold-lower < threshold-upper', async () => {
    const ctx = contextFor(server);
    const error = await rejection(
      applyConfigChange(ctx, {
        changes: { 'active-defrag-cycle-min': '40', 'active-defrag-threshold-lower': '100' },
        rewrite: false,
        actor: 'admin',
        action: 'config-set',
      }),
    );
    expect(error.details.fields?.['active-defrag-cycle-min']).toMatch(/cycle-max/);
    expect(error.details.fields?.['active-defrag-threshold-lower']).toMatch(/threshold-upper/);
    expect(await configGet(direct, 'active-defrag-cycle-min')).toBe('1');
  });

  it("shows Redis's own text when it refuses (enabling defrag here), changes nothing and audits it as refused", async () => {
    const ctx = contextFor(server);
    const error = await rejection(
      applyConfigChange(ctx, { changes: { 'active-defrag-cycle-max': '10', activedefrag: 'yes' }, rewrite: false, actor: 'admin', action: 'config-set' }),
    );
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^ERR CONFIG SET failed \(possibly related to argument 'activedefrag'\) - Active defragmentation cannot be enabled/);
    // All or nothing: cycle-max, set in the same command, is back where it was.
    expect(await configGet(direct, 'active-defrag-cycle-max')).toBe('25');
    expect(await configGet(direct, 'activedefrag')).toBe('no');
    const [entry] = (await ctx.audit.list()).entries;
    expect(entry).toMatchObject({
      result: 'refused',
      error: error.message,
      before: { 'active-defrag-cycle-max': '25', activedefrag: 'no' },
      after: { 'active-defrag-cycle-max': '25', activedefrag: 'no' },
    });
  });

  it('reports a failed CONFIG REWRITE on a server without a config file, keeping the change', async () => {
    const ctx = contextFor(server);
    const result = await applyConfigChange(ctx, { changes: { 'active-defrag-max-scan-fields': '500' }, rewrite: true, actor: 'admin', action: 'config-set' });
    expect(result.rewrite).toEqual({ ok: false, error: expect.stringMatching(/without a config file/i) });
    expect(await configGet(direct, 'active-defrag-max-scan-fields')).toBe('500');
    await direct.call('CONFIG', 'SET', 'active-defrag-max-scan-fields', '1000');
  });

  it('refuses an empty or no-op change', async () => {
    const error = await rejection(
      applyConfigChange(contextFor(server), { changes: { 'active-defrag-cycle-max': '25' }, rewrite: false, actor: 'admin', action: 'config-set' }),
    );
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/Nothing to change/);
  });
});

describe('applyConfigChange with a config file, on the lab build', () => {
  let server: RedisProcess;
  let direct: Redis;
  let configFile: string;
  beforeAll(async () => {
    const binary = resolveEngineBinary('redis-7.0');
    if (!binary) throw new Error('no verified redis-7.0 lab build: run `npm run lab -- build`');
    configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fragscope-conf-')), 'redis.conf');
    writeFileSync(configFile, '# written by the test\n');
    server = await startRedis({ binary, configFile });
    direct = new Redis(server.url);
  });
  afterAll(async () => {
    direct?.disconnect();
    await server?.kill();
  });

  it('enables defrag where the build supports it and persists with CONFIG REWRITE', async () => {
    const ctx = contextFor(server);
    const result = await applyConfigChange(ctx, {
      changes: { activedefrag: true, 'active-defrag-cycle-max': 50, 'active-defrag-threshold-lower': '20' },
      rewrite: true,
      actor: 'admin',
      action: 'config-set',
    });
    expect(result.after).toEqual({ activedefrag: 'yes', 'active-defrag-cycle-max': '50', 'active-defrag-threshold-lower': '20' });
    expect(result.rewrite).toEqual({ ok: true, error: null });
    const persisted = readFileSync(configFile, 'utf8');
    expect(persisted).toMatch(/^activedefrag yes$/m);
    expect(persisted).toMatch(/^active-defrag-cycle-max 50$/m);
  });
});

describe('applyConfigChange where CONFIG is renamed away (managed services)', () => {
  let server: RedisProcess;
  beforeAll(async () => {
    const configFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'fragscope-conf-')), 'redis.conf');
    writeFileSync(configFile, 'rename-command CONFIG ""\n');
    server = await startRedis({ configFile });
  });
  afterAll(async () => {
    await server?.kill();
  });

  it('refuses with Redis text as the reason and audits the attempt', async () => {
    const ctx = contextFor(server);
    const error = await rejection(
      applyConfigChange(ctx, { changes: { 'active-defrag-cycle-max': '10' }, rewrite: false, actor: 'admin', action: 'config-set' }),
    );
    expect(error.status).toBe(403);
    expect(error.message).toMatch(/CONFIG is not available.*unknown command/i);
    expect((await ctx.audit.list()).entries[0]).toMatchObject({ result: 'refused' });
  });
});

describe('applyConfigChange when the server is down', () => {
  it('answers 503, audited as failed, and still gives 422 for bad input from the last known config', async () => {
    const server = await startRedis();
    const ctx = contextFor(server);
    await server.kill();
    const down = await rejection(
      applyConfigChange(ctx, { changes: { 'active-defrag-cycle-max': '10' }, rewrite: false, actor: 'admin', action: 'config-set' }),
    );
    expect(down.status).toBe(503);
    expect((await ctx.audit.list()).entries[0]).toMatchObject({ result: 'failed' });
    const withLastKnown: ApplyContext = {
      ...ctx,
      lastKnown: () => ({ values: { 'active-defrag-cycle-max': '25' }, identity: { engine: 'redis', version: '7.0.15' } }),
    };
    const bad = await rejection(
      applyConfigChange(withLastKnown, { changes: { 'active-defrag-cycle-max': '100' }, rewrite: false, actor: 'admin', action: 'config-set' }),
    );
    expect(bad.status).toBe(422);
  });
});
