import { describe, expect, it } from 'vitest';
import { knownDefects } from './known-defects';
import { MB, makeSnapshot } from './snapshot.test-support';

const ids = (engine: 'redis' | 'valkey', version: string, allocator = 'jemalloc-5.3.0', info = {}) =>
  knownDefects(makeSnapshot({ server: { engine, version, allocator }, info })).map((d) => d.id);

describe('knownDefects: each range edge', () => {
  it.each([
    // [engine, version, defect id, applies]
    ['redis', '7.4.6', 'defect-redis-14092', false],
    ['redis', '8.0.0', 'defect-redis-14092', true],
    ['redis', '8.0.2', 'defect-redis-14092', true],
    ['redis', '8.0.3', 'defect-redis-14092', false],
    ['redis', '7.0.15', 'defect-redis-14270', false],
    ['redis', '7.2.0', 'defect-redis-14270', true],
    ['redis', '7.2.16', 'defect-redis-14270', true],
    ['redis', '7.4.0', 'defect-redis-14270', false],
    ['valkey', '7.2.7', 'defect-valkey-7.2-expires-early-exit', true],
    ['valkey', '8.0.0', 'defect-valkey-7.2-expires-early-exit', false],
    ['redis', '7.2.9', 'defect-redis-14319', false],
    ['redis', '7.4.0', 'defect-redis-14319', true],
    ['redis', '7.4.5', 'defect-redis-14319', true],
    ['redis', '7.4.6', 'defect-redis-14319', false],
    ['redis', '8.0.3', 'defect-redis-14319', true],
    ['redis', '8.0.4', 'defect-redis-14319', false],
    ['redis', '8.2.0', 'defect-redis-14319', true],
    ['redis', '8.2.1', 'defect-redis-14319', true],
    ['redis', '8.2.2', 'defect-redis-14319', false],
    ['redis', '8.4.0', 'defect-redis-14319', false],
    ['redis', '8.0.1', 'defect-redis-14081', true],
    ['redis', '8.0.2', 'defect-redis-14081', false],
    ['redis', '7.2.5', 'defect-redis-13315', true],
    ['redis', '7.2.6', 'defect-redis-13315', false],
    ['valkey', '7.2.6', 'defect-valkey-883', true],
    ['valkey', '7.2.7', 'defect-valkey-883', false],
    ['valkey', '8.0.1', 'defect-valkey-8.0.2-crashes', true],
    ['valkey', '8.0.2', 'defect-valkey-8.0.2-crashes', false],
    ['valkey', '8.0.11', 'defect-valkey-2656', false],
    ['valkey', '8.1.0', 'defect-valkey-2656', true],
    ['valkey', '8.1.3', 'defect-valkey-2656', true],
    ['valkey', '8.1.4', 'defect-valkey-2656', false],
    ['valkey', '8.1.3', 'defect-valkey-2348', true],
    ['valkey', '8.1.4', 'defect-valkey-2348', false],
    ['valkey', '8.1.0', 'defect-valkey-1585', true],
    ['valkey', '8.1.1', 'defect-valkey-1585', false],
    // Same numbers on the other engine never match.
    ['valkey', '8.0.2', 'defect-redis-14092', false],
    ['redis', '8.1.0', 'defect-valkey-2656', false],
  ] as const)('%s %s: %s %s', (engine, version, id, applies) => {
    expect(ids(engine, version).includes(id)).toBe(applies);
  });

  it('valkey#1585 needs a jemalloc build; every defect carries its reference', () => {
    expect(ids('valkey', '8.1.0', 'libc')).not.toContain('defect-valkey-1585');
    const d = knownDefects(makeSnapshot({ server: { engine: 'redis', version: '8.0.2' } }));
    expect(d.find((x) => x.id === 'defect-redis-14092')?.reference).toEqual({ label: 'redis#14092', url: 'https://github.com/redis/redis/issues/14092' });
    expect(d.every((x) => x.reference && x.reference.label !== '')).toBe(true);
  });

  it('the 7.2 early-exit fix release is stated as unverified', () => {
    const d = knownDefects(makeSnapshot({ server: { engine: 'redis', version: '7.2.7' } })).find((x) => x.id === 'defect-redis-14270')!;
    expect(d.detail).toContain('not verified');
  });

  it('an unknown version has no version-keyed defect', () => {
    expect(ids('redis', 'garbage')).toEqual([]);
  });
});

describe('knownDefects: placeholder allocator figures', () => {
  it('non-jemalloc builds', () => {
    expect(ids('redis', '7.4.6', 'libc')).toContain('defect-placeholder-allocator-figures');
    expect(ids('redis', '7.4.6', 'jemalloc-5.3.0')).not.toContain('defect-placeholder-allocator-figures');
  });

  it('Valkey >= 8.1 with a system jemalloc: bytes 0 / ratio 1.00 beside real active/allocated', () => {
    const stub = { allocator_frag_bytes: 0, allocator_frag_ratio: 1, allocator_allocated: 100 * MB, allocator_active: 140 * MB };
    expect(ids('valkey', '8.1.1', 'jemalloc-5.3.0', stub)).toContain('defect-placeholder-allocator-figures');
    expect(ids('valkey', '8.0.11', 'jemalloc-5.3.0', stub)).not.toContain('defect-placeholder-allocator-figures');
    // A genuinely unfragmented server (active close to allocated) is not flagged.
    expect(ids('valkey', '9.1.2', 'jemalloc-5.3.0', { ...stub, allocator_active: 101 * MB })).not.toContain('defect-placeholder-allocator-figures');
  });
});
