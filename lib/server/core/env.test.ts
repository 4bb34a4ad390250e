import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, parseConfig, scrubSecret, slugify } from './env';

describe('parseConfig', () => {
  it('defaults to one target "default" at redis://127.0.0.1:6379 polled every second', () => {
    const config = parseConfig({});
    expect(config.pollMs).toBe(1000);
    expect(config.targets).toEqual([
      {
        id: 'default',
        name: 'default',
        url: 'redis://127.0.0.1:6379',
        address: '127.0.0.1:6379',
        tls: false,
        secret: null,
        readonly: false,
        cluster: false,
        group: null,
      },
    ]);
  });

  it('reads REDIS_URL with an ACL user and password, and rediss:// as TLS', () => {
    const [target] = parseConfig({ REDIS_URL: 'rediss://ops:p%40ss@cache.example:6380/2' }).targets;
    expect(target).toMatchObject({ id: 'default', address: 'cache.example:6380', tls: true, secret: 'p@ss' });
  });

  it('reads several targets from FRAGSCOPE_TARGETS with slug ids', () => {
    const config = parseConfig({
      FRAGSCOPE_TARGETS: 'Cache EU 1=redis://10.0.0.1:6379, sessions=redis://:pw@10.0.0.2:6380',
      FRAGSCOPE_POLL_MS: '2000',
    });
    expect(config.targets.map((t) => [t.id, t.name, t.address])).toEqual([
      ['cache-eu-1', 'Cache EU 1', '10.0.0.1:6379'],
      ['sessions', 'sessions', '10.0.0.2:6380'],
    ]);
    expect(config.pollMs).toBe(2000);
    expect(config.pollTimeoutMs).toBe(10_000);
  });

  it('lists every problem in one message and never echoes a password', () => {
    let error: unknown;
    try {
      parseConfig({
        FRAGSCOPE_TARGETS: 'a=http://x:1,a=redis://h:1,broken://user:hunter2@h,b=not a url,c=redis://h/abc',
        FRAGSCOPE_POLL_MS: 'fast',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toEqual([
      'FRAGSCOPE_POLL_MS must be a whole number of ms from 100 to 60000, got "fast"',
      'FRAGSCOPE_TARGETS entry "a": the scheme must be redis://, rediss:// or cluster+redis:// (got http://)',
      'FRAGSCOPE_TARGETS: two targets have the id "a"',
      'FRAGSCOPE_TARGETS entry 3 must be name=url (got "broken://***@h")',
      'FRAGSCOPE_TARGETS entry "b": not a URL (expected redis://[user:password@]host:port[/db])',
      'FRAGSCOPE_TARGETS entry "c": the database in the URL path must be a number (got "/abc")',
    ]);
    expect(message).not.toContain('hunter2');
  });

  it('reads a CA file for rediss:// and names an unreadable one', () => {
    expect(parseConfig({}).tlsCa).toBeNull();
    expect(() => parseConfig({ FRAGSCOPE_TLS_CA_FILE: '/nonexistent/ca.pem' })).toThrow('FRAGSCOPE_TLS_CA_FILE /nonexistent/ca.pem cannot be read: ENOENT');
    expect(() => parseConfig({ FRAGSCOPE_TLS_CA_FILE: __filename })).toThrow('holds no PEM certificate');
  });

  it('rejects out-of-range poll settings', () => {
    expect(() => parseConfig({ FRAGSCOPE_POLL_MS: '10' })).toThrow(/FRAGSCOPE_POLL_MS/);
    expect(() => parseConfig({ FRAGSCOPE_POLL_TIMEOUT_MS: '-1' })).toThrow(/FRAGSCOPE_POLL_TIMEOUT_MS/);
  });

  it('reads FRAGSCOPE_LATENCY_MS (LATENCY HISTOGRAM every 5 s by default, 1 s at the fastest)', () => {
    expect(parseConfig({}).latencyMs).toBe(5000);
    expect(parseConfig({ FRAGSCOPE_LATENCY_MS: '1000' }).latencyMs).toBe(1000);
    expect(() => parseConfig({ FRAGSCOPE_LATENCY_MS: '200' })).toThrow('FRAGSCOPE_LATENCY_MS must be a whole number of ms from 1000 to 600000, got "200"');
  });
});

describe('write settings', () => {
  const TOKEN = 'a'.repeat(24);
  it('has no admin token and ./data by default, and no target is read-only', () => {
    const config = parseConfig({});
    expect(config.adminTokens).toEqual([]);
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.targets[0]!.readonly).toBe(false);
  });
  it('reads one bare token as "admin" and a labelled list as named operators', () => {
    expect(parseConfig({ FRAGSCOPE_ADMIN_TOKEN: TOKEN }).adminTokens).toEqual([{ label: 'admin', token: TOKEN }]);
    const both = parseConfig({ FRAGSCOPE_ADMIN_TOKEN: `alice:${TOKEN},bob:${'b'.repeat(20)}` }).adminTokens;
    expect(both.map((t) => t.label)).toEqual(['alice', 'bob']);
    expect(both[1]!.token).toBe('b'.repeat(20));
  });
  it('refuses short or duplicated tokens without quoting them', () => {
    let message = '';
    try {
      parseConfig({ FRAGSCOPE_ADMIN_TOKEN: 'alice:short1,bob:short1' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/entry 1 \(alice\) is shorter than 16/);
    expect(message).toMatch(/two labels share one token/);
    expect(message).not.toContain('short1');
  });
  it('marks a target read-only with a trailing ;readonly and keeps semicolons inside passwords', () => {
    const config = parseConfig({ FRAGSCOPE_TARGETS: 'prod=redis://:pa;ss@10.0.0.1:6379;readonly,lab=redis://127.0.0.1:7000' });
    expect(config.targets.map((t) => [t.id, t.readonly, t.secret])).toEqual([
      ['prod', true, 'pa;ss'],
      ['lab', false, null],
    ]);
    expect(parseConfig({ REDIS_URL: 'redis://127.0.0.1:6380;readonly' }).targets[0]!.readonly).toBe(true);
  });
  it('resolves FRAGSCOPE_DATA_DIR to an absolute path', () => {
    expect(parseConfig({ FRAGSCOPE_DATA_DIR: 'tmp/fs' }).dataDir).toBe(path.resolve('tmp/fs'));
  });
});

describe('helpers', () => {
  it('slugifies names', () => {
    expect(slugify('  Cache_EU #1 ')).toBe('cache-eu-1');
  });
  it('scrubs a password from error text, raw or URL-encoded', () => {
    expect(scrubSecret('auth p@ss failed (p%40ss)', { secret: 'p@ss' })).toBe('auth *** failed (***)');
    expect(scrubSecret('fine', { secret: null })).toBe('fine');
  });
});

describe('history hours', () => {
  it('defaults to 24 h of 1 s history and accepts 1..24', () => {
    expect(parseConfig({}).fineHistoryHours).toBe(24);
    expect(parseConfig({ FRAGSCOPE_HISTORY_HOURS: '2' }).fineHistoryHours).toBe(2);
    expect(() => parseConfig({ FRAGSCOPE_HISTORY_HOURS: '48' })).toThrow(/FRAGSCOPE_HISTORY_HOURS must be a whole number of hours from 1 to 24/);
  });
});

describe('idle poll period', () => {
  it('defaults to 5 s, is never below the poll interval, and rejects nonsense', () => {
    expect(parseConfig({}).idlePollMs).toBe(5000);
    expect(parseConfig({ FRAGSCOPE_IDLE_POLL_MS: '10000' }).idlePollMs).toBe(10_000);
    expect(parseConfig({ FRAGSCOPE_POLL_MS: '2000', FRAGSCOPE_IDLE_POLL_MS: '500' }).idlePollMs).toBe(2000);
    expect(() => parseConfig({ FRAGSCOPE_IDLE_POLL_MS: 'soon' })).toThrow(/FRAGSCOPE_IDLE_POLL_MS/);
  });
});

describe('one schema for every variable', () => {
  it('lists the problems of several variables at once, alert rules and webhook included, without quoting secrets', () => {
    let error: unknown;
    try {
      parseConfig({
        FRAGSCOPE_POLL_MS: 'fast',
        FRAGSCOPE_TARGETS: 'a=http://x:1',
        FRAGSCOPE_ADMIN_TOKEN: 'short1',
        FRAGSCOPE_STATE_REDIS_URL: 'http://h',
        FRAGSCOPE_HISTORY_HOURS: '48',
        FRAGSCOPE_ALERT_RULES: '{bad',
        FRAGSCOPE_ALERT_WEBHOOK: 'mailto:hunter2@example.com',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(7);
    expect(problems[0]).toMatch(/^FRAGSCOPE_POLL_MS /);
    expect(problems[1]).toMatch(/^FRAGSCOPE_TARGETS entry "a"/);
    expect(problems[2]).toMatch(/^FRAGSCOPE_ADMIN_TOKEN entry 1/);
    expect(problems[3]).toMatch(/^FRAGSCOPE_STATE_REDIS_URL /);
    expect(problems[4]).toMatch(/^FRAGSCOPE_HISTORY_HOURS /);
    expect(problems[5]).toMatch(/^FRAGSCOPE_ALERT_RULES is not valid JSON/);
    expect(problems[6]).toBe('FRAGSCOPE_ALERT_WEBHOOK must be an http:// or https:// URL (got mailto://)');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('short1');
  });

  it('reports every problem of the alert rules, each on its own line', () => {
    const problemsOf = (env: Record<string, string>) => {
      try {
        parseConfig(env);
      } catch (error) {
        if (error instanceof ConfigError) return error.problems;
        throw error;
      }
      return [];
    };
    expect(problemsOf({ FRAGSCOPE_ALERT_RULES: '{"nope":{},"target-down":{"forSeconds":"x"}}' })).toHaveLength(2);
    expect(problemsOf({ FRAGSCOPE_ALERT_RULES: '{"target-down":5}', FRAGSCOPE_ALERT_WEBHOOK: 'not a url' })).toEqual([
      'FRAGSCOPE_ALERT_RULES: target-down must be an object of settings, e.g. {"enabled":false}',
      'FRAGSCOPE_ALERT_WEBHOOK is not a URL (expected http(s)://host[:port]/path)',
    ]);
  });

  it('carries the alert settings and the demo flag in the parsed config', () => {
    const config = parseConfig({
      FRAGSCOPE_ALERT_RULES: '{"target-down":{"forSeconds":5}}',
      FRAGSCOPE_ALERT_WEBHOOK: ' https://ops:pw@hooks.example.com/x ',
      FRAGSCOPE_DEMO: '1',
    });
    expect(config.alerts.rules['target-down'].forSeconds).toBe(5);
    expect(config.alerts.rules['rss-ratio-high'].enabled).toBe(true);
    expect(config.alerts.webhookUrl).toBe('https://ops:pw@hooks.example.com/x');
    expect(config.alerts.webhook).toMatchObject({ url: 'https://hooks.example.com/x', display: 'https://hooks.example.com' });
    expect(config.demo).toBe(true);
    const plain = parseConfig({});
    expect(plain.alerts).toMatchObject({ webhookUrl: null, webhook: null });
    expect(plain.alerts.rules['target-down'].forSeconds).toBe(30);
    expect(plain.demo).toBe(false);
    expect(parseConfig({ FRAGSCOPE_DEMO: 'yes' }).demo).toBe(false);
  });

  it('neither uses nor checks REDIS_URL when FRAGSCOPE_TARGETS is set, and treats a blank list as unset', () => {
    expect(parseConfig({ FRAGSCOPE_TARGETS: 'a=redis://h:1', REDIS_URL: 'not a url' }).targets.map((t) => t.id)).toEqual(['a']);
    expect(parseConfig({ FRAGSCOPE_TARGETS: '  ', REDIS_URL: 'redis://h:2' }).targets.map((t) => t.address)).toEqual(['h:2']);
    expect(() => parseConfig({ FRAGSCOPE_TARGETS: ' , ' })).toThrow('FRAGSCOPE_TARGETS names no target');
  });
});

describe('the schema covers the server', () => {
  it('names every FRAGSCOPE_* variable that lib/ mentions outside tests (env.ts itself lists the ones left out)', () => {
    const root = path.resolve(__dirname, '../..');
    const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (file) => /\.tsx?$/.test(file) && !/\.test\.ts$|\.test-support\.ts$/.test(file) && path.join(root, file) !== path.join(__dirname, 'env.ts'),
    );
    const mentioned = new Set(sources.flatMap((file) => readFileSync(path.join(root, file), 'utf8').match(/\bFRAGSCOPE_[A-Z_]*[A-Z]\b/g) ?? []));
    const known = new Set<string>(Object.keys(envSchema.shape));
    expect(mentioned.size).toBeGreaterThan(5);
    expect([...mentioned].filter((name) => !known.has(name))).toEqual([]);
  });
});
