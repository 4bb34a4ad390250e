import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { churn } from './churn';
import { connectLab } from './connect';
import { fragment } from './fragment';
import { isLabServer, labServerCheck, NotLabServerError } from './guard';

// Debian's packaged server, on free ports (never a fixed one: loopback is shared).
const BINARY = '/usr/bin/redis-server';

describe('lab-server guard', () => {
  let lab: RedisProcess;
  let notLab: RedisProcess;

  beforeAll(async () => {
    [lab, notLab] = await Promise.all([
      startRedis({ binary: BINARY }),
      // The later --dir wins: this one looks like any server running in an ordinary directory.
      startRedis({ binary: BINARY, args: ['--dir', '/tmp'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([lab?.stop(), notLab?.stop()]);
  });

  it('recognises the harness temp dir and nothing else', async () => {
    const a = await connectLab(lab.url);
    const b = await connectLab(notLab.url);
    try {
      expect(await isLabServer(a)).toBe(true);
      expect(await isLabServer(b)).toBe(false);
      expect((await labServerCheck(b)).reason).toContain('its dir is /tmp');
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it('fragment refuses a non-lab server, says why and mentions --force, and writes nothing', async () => {
    const attempt = fragment(notLab.url, { keys: 30, shape: 'strings' });
    await expect(attempt).rejects.toBeInstanceOf(NotLabServerError);
    await expect(fragment(notLab.url, { keys: 30 })).rejects.toThrow(/not look like a lab server \(its dir is \/tmp.*--force/s);
    const client = await connectLab(notLab.url);
    try {
      expect(await client.dbsize()).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('churn refuses a non-lab server too', async () => {
    await expect(churn(notLab.url, { rate: 10, seconds: 0.2 })).rejects.toThrow(/--force/);
  });

  it('--force lets fragment through', async () => {
    const result = await fragment(notLab.url, { keys: 300, shape: 'lists', force: true });
    expect(result.written).toBe(300);
    const client = await connectLab(notLab.url);
    try {
      expect(await client.dbsize()).toBe(100);
    } finally {
      client.disconnect();
    }
  });
});
