import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deriveHealth,
  hasForkChild,
  parseInfoText,
  readDefragConfig,
  readInfoFields,
  readDefragLatency,
  readKeyCount,
  readServerIdentity,
  readConfigFile,
  readConfigStrings,
  readClusterNodes,
  readModuleList,
} from './info-parser';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const redis70 = ['server', 'memory', 'stats', 'persistence'].map((s) => fixture(`redis-7.0.15-${s}.txt`)).join('');

describe('parseInfoText on Debian redis-server 7.0.15', () => {
  const parsed = parseInfoText(redis70);

  it('reads every numeric field Redis 7.0 has, exactly as printed', () => {
    const { info, warnings } = readInfoFields(parsed);
    expect(warnings).toEqual([]);
    expect(info.used_memory).toBe(38323472);
    expect(info.used_memory_rss).toBe(50147328);
    expect(info.mem_fragmentation_ratio).toBe(1.31);
    expect(info.mem_fragmentation_bytes).toBe(11848704);
    expect(info.allocator_frag_ratio).toBe(1.01);
    expect(info.allocator_frag_bytes).toBe(312744);
    expect(info.active_defrag_running).toBe(0);
    expect(info.total_active_defrag_time).toBe(0);
    expect(info.rdb_bgsave_in_progress).toBe(0);
    expect(info.hz).toBe(10);
  });

  it('leaves fields that 7.0 lacks as null instead of inventing them', () => {
    const { info } = readInfoFields(parsed);
    expect(info.allocator_muzzy).toBeNull(); // Redis 7.4+ / Valkey 8.0+
  });

  it('reads the server identity', () => {
    expect(readServerIdentity(parsed)).toEqual({
      engine: 'redis',
      version: '7.0.15',
      allocator: 'jemalloc-5.3.0',
      runId: 'ab5f3d249e85446a847e9c2a37f6e5d4525ca3a6',
    });
  });

  it('gives the same numbers for LF-only text', () => {
    const lf = readInfoFields(parseInfoText(redis70.replace(/\r\n/g, '\n'))).info;
    expect(lf).toEqual(readInfoFields(parsed).info);
  });
});

describe('parseInfoText on bad input', () => {
  it('never throws and reports unreadable lines', () => {
    const text = '# Memory\r\nused_memory:100\r\nthis is garbage\r\n:novalue\r\n\u0000\u0001\r\nused_memory_rss:abc\r\n';
    const parsed = parseInfoText(text);
    expect(parsed.warnings).toEqual(['unreadable INFO line: this is garbage', 'unreadable INFO line: :novalue', 'unreadable INFO line: \u0000\u0001']);
    const { info, warnings } = readInfoFields(parsed);
    expect(info.used_memory).toBe(100);
    expect(info.used_memory_rss).toBeNull();
    expect(warnings).toEqual(['used_memory_rss is not a number: abc']);
  });

  it('copes with empty text and binary junk', () => {
    expect(() => parseInfoText('')).not.toThrow();
    expect(readServerIdentity(parseInfoText(''))).toEqual({ engine: null, version: null, allocator: null, runId: null });
    const junk = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => readInfoFields(parseInfoText(junk))).not.toThrow();
    expect(parseInfoText(junk).warnings.length).toBeLessThanOrEqual(20);
  });

  it('keeps signed byte figures negative', () => {
    const { info } = readInfoFields(parseInfoText('rss_overhead_bytes:-4096\nmem_fragmentation_bytes:-123'));
    expect(info.rss_overhead_bytes).toBe(-4096);
    expect(info.mem_fragmentation_bytes).toBe(-123);
  });
});

describe('parseInfoText on a Valkey 8.1.1 server (built by the lab)', () => {
  const valkey = ['server', 'memory', 'stats', 'persistence'].map((s) => fixture(`valkey-8.1.1-${s}.txt`)).join('');
  const parsed = parseInfoText(valkey);

  it('uses valkey_version, not the compatibility redis_version', () => {
    expect(readServerIdentity(parsed)).toMatchObject({ engine: 'valkey', version: '8.1.1', allocator: 'jemalloc-5.3.0' });
  });

  it('reads the fields Valkey 8 adds and everything Redis 7.0 has', () => {
    const { info, warnings } = readInfoFields(parsed);
    expect(warnings).toEqual([]);
    expect(info.allocator_muzzy).toBe(0);
    expect(info.allocator_frag_ratio).toBe(1.01);
    expect(info.allocator_frag_bytes).toBe(246904);
    expect(info.active_defrag_running).toBe(0);
    expect(info.current_active_defrag_time).toBe(0);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads active-defrag-cycle-us, which only Valkey 8.1+ has', () => {
    const { config } = readDefragConfig(fixture('valkey-8.1.1-config-active.txt').trim().split('\n'));
    expect(config['active-defrag-cycle-us']).toBe(500);
    expect(config.activedefrag).toBe(false);
  });
});

describe('readDefragConfig', () => {
  it('reads a real CONFIG GET active* reply and ignores unrelated parameters', () => {
    const reply = fixture('redis-7.0.15-config-active.txt').trim().split('\n');
    const { config, warnings } = readDefragConfig(reply);
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      activedefrag: false,
      'active-defrag-ignore-bytes': 104857600,
      'active-defrag-threshold-lower': 10,
      'active-defrag-threshold-upper': 100,
      'active-defrag-cycle-min': 1,
      'active-defrag-cycle-max': 25,
      'active-defrag-max-scan-fields': 1000,
      'active-defrag-cycle-us': null, // Valkey 8.1+ only
    });
  });

  it('reports values it cannot read', () => {
    const { config, warnings } = readDefragConfig(['activedefrag', 'maybe', 'active-defrag-cycle-max', 'lots']);
    expect(config.activedefrag).toBeNull();
    expect(config['active-defrag-cycle-max']).toBeNull();
    expect(warnings).toHaveLength(2);
  });
});

describe('deriveHealth', () => {
  const mb = 1024 * 1024;
  it.each([
    [100 * mb, 1.0, 'healthy'],
    [100 * mb, 1.5, 'healthy'],
    [100 * mb, 1.51, 'moderate'],
    [100 * mb, 2.0, 'moderate'],
    [100 * mb, 2.01, 'high'],
    [100 * mb, 0.8, 'below-one'],
    [1 * mb, 7.5, 'too-small'],
    [null, 1.2, 'unknown'],
    [100 * mb, null, 'unknown'],
  ] as const)('used %s, ratio %s -> %s', (used, ratio, health) => {
    expect(deriveHealth({ used_memory: used, mem_fragmentation_ratio: ratio })).toBe(health);
  });
});

describe('hasForkChild', () => {
  it('is true when any fork flag is set, null when INFO persistence was not read', () => {
    const info = readInfoFields(parseInfoText('rdb_bgsave_in_progress:0\naof_rewrite_in_progress:1')).info;
    expect(hasForkChild(info)).toBe(true);
    expect(hasForkChild(readInfoFields(parseInfoText('rdb_bgsave_in_progress:0')).info)).toBe(false);
    expect(hasForkChild(readInfoFields(parseInfoText('')).info)).toBeNull();
  });
});

describe('readDefragLatency', () => {
  it('picks the active-defrag-cycle row of LATENCY LATEST and converts seconds to ms', () => {
    const reply = [
      ['command', '1700000000', '5', '9'],
      ['active-defrag-cycle', '1700000100', 12, 43],
    ];
    expect(readDefragLatency(reply)).toEqual({ at: 1_700_000_100_000, latestMs: 12, maxMs: 43 });
  });
  it('is null for an empty reply, other events or odd shapes', () => {
    expect(readDefragLatency([])).toBeNull();
    expect(readDefragLatency([['command', 1, 2, 3]])).toBeNull();
    expect(readDefragLatency('garbage')).toBeNull();
    expect(readDefragLatency([['active-defrag-cycle', 'x', 1, 2]])).toBeNull();
  });
});

describe('readKeyCount', () => {
  it('sums keys over every database of INFO keyspace', () => {
    const text = '# Keyspace\r\ndb0:keys=333334,expires=0,avg_ttl=0\r\ndb3:keys=5,expires=1,avg_ttl=10\r\n';
    expect(readKeyCount(parseInfoText(text))).toBe(333339);
  });
  it('is 0 for an empty keyspace', () => {
    expect(readKeyCount(parseInfoText('# Keyspace\r\n'))).toBe(0);
  });
});

describe('readModuleList', () => {
  it('reads name and version of each module, skipping rows of another shape', () => {
    // As Redis 8.0 answers MODULE LIST (vector sets are a built-in module there).
    const reply = [['name', 'vectorset', 'ver', 1, 'path', '', 'args', []], 'junk', [['nested']], ['name', 'ReJSON', 'ver', '80000']];
    expect(readModuleList(reply)).toEqual([
      { name: 'vectorset', ver: 1 },
      { name: 'ReJSON', ver: 80000 },
    ]);
    expect(readModuleList([])).toEqual([]);
    expect(readModuleList('OK')).toEqual([]);
  });
});

describe('readConfigStrings and readConfigFile', () => {
  it('keeps CONFIG GET values as the strings Redis sends back, by lower-case name', () => {
    const values = readConfigStrings(['activedefrag', 'no', 'Active-Defrag-Ignore-Bytes', '104857600', 'dangling']);
    expect([...values]).toEqual([
      ['activedefrag', 'no'],
      ['active-defrag-ignore-bytes', '104857600'],
    ]);
  });
  it('reads config_file, and null when the server runs without one', () => {
    expect(readConfigFile(parseInfoText('# Server\r\nconfig_file:/etc/redis/redis.conf\r\n'))).toBe('/etc/redis/redis.conf');
    expect(readConfigFile(parseInfoText('# Server\r\nconfig_file:\r\n'))).toBeNull();
    expect(readConfigFile(parseInfoText('# Server\r\nredis_version:7.0.15\r\n'))).toBeNull();
  });
});

describe('readClusterNodes', () => {
  const text = [
    '07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004,host-4 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected',
    '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922',
    '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master,fail? - 0 1426238318243 3 connected 10923-16383 [1234->-abc]',
    'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5460 16383',
    '6ec23923021cf3ffec47632106199cb7f496ce01 :0@0 master,noaddr - 0 0 0 disconnected',
    'a0b1 127.0.0.1:30009@31009 handshake - 0 0 0 connected',
    '',
  ].join('\n');
  it('reads roles, primaries, failing flags and slot counts, skipping nodes without an address', () => {
    expect(readClusterNodes(text)).toEqual([
      {
        id: '07c37dfeb235213a872192d90877d0cd55635b91',
        host: '127.0.0.1',
        port: 30004,
        role: 'replica',
        primaryId: 'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca',
        failing: false,
        slots: 0,
      },
      { id: '67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1', host: '127.0.0.1', port: 30002, role: 'primary', primaryId: null, failing: false, slots: 5462 },
      { id: '292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f', host: '127.0.0.1', port: 30003, role: 'primary', primaryId: null, failing: true, slots: 5461 },
      { id: 'e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca', host: '127.0.0.1', port: 30001, role: 'primary', primaryId: null, failing: false, slots: 5462 },
    ]);
  });
  it('reads IPv6 addresses', () => {
    expect(readClusterNodes('abc ::1:7000@17000 master - 0 0 1 connected 0-10')[0]).toMatchObject({ host: '::1', port: 7000 });
  });
});
