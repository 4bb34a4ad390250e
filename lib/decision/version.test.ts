import { describe, expect, it } from 'vitest';
import { compareVersions, engineTraits, parseVersion, versionAtLeast } from './version';

describe('parseVersion', () => {
  it('reads major.minor.patch and tolerates suffixes', () => {
    expect(parseVersion('7.4.1')).toEqual([7, 4, 1]);
    expect(parseVersion('8.0-rc1')).toEqual([8, 0, 0]);
    expect(parseVersion('garbage')).toBeNull();
    expect(parseVersion(null)).toBeNull();
  });
});

describe('compareVersions / versionAtLeast', () => {
  it('orders by major, minor, then patch', () => {
    expect(compareVersions([7, 0, 15], [7, 0, 11])).toBeGreaterThan(0);
    expect(compareVersions([7, 4, 0], [8, 0, 0])).toBeLessThan(0);
    expect(compareVersions([8, 1, 1], [8, 1, 1])).toBe(0);
    expect(['8.0.2', '7.0.11', '7.0.15'].map((v) => parseVersion(v)!).sort(compareVersions)).toEqual([
      [7, 0, 11],
      [7, 0, 15],
      [8, 0, 2],
    ]);
  });

  it('takes a parsed version or INFO text; unreadable text is never at least anything', () => {
    expect(versionAtLeast([7, 4, 1], 7, 4)).toBe(true);
    expect(versionAtLeast([7, 2, 9], 7, 4)).toBe(false);
    expect(versionAtLeast('7.0.15', 7)).toBe(true);
    expect(versionAtLeast('6.2.14', 7)).toBe(false);
    expect(versionAtLeast('10.0.0', 8, 1)).toBe(true);
    expect(versionAtLeast('8.0-rc1', 8)).toBe(true);
    expect(versionAtLeast('garbage', 0)).toBe(false);
    expect(versionAtLeast(null, 0)).toBe(false);
  });
});

describe('engineTraits', () => {
  it.each([
    ['redis', '6.2.14', { smallBinsFrag: false, midPassLowering: false, decayFactor: false, decidesEveryTick: false, atLeast70: false }],
    ['redis', '7.0.15', { smallBinsFrag: false, midPassLowering: false, decayFactor: false, decidesEveryTick: false, atLeast70: true }],
    ['redis', '7.4.1', { smallBinsFrag: true, midPassLowering: true, decayFactor: false, decidesEveryTick: false, atLeast70: true }],
    ['redis', '8.0.2', { smallBinsFrag: true, midPassLowering: true, decayFactor: true, decidesEveryTick: true, atLeast70: true }],
    ['valkey', '7.2.5', { smallBinsFrag: false, midPassLowering: false, decayFactor: false, decidesEveryTick: false, atLeast70: true }],
    ['valkey', '8.0.1', { smallBinsFrag: true, midPassLowering: true, decayFactor: false, decidesEveryTick: false, atLeast70: true }],
    ['valkey', '8.1.1', { smallBinsFrag: true, midPassLowering: true, decayFactor: false, decidesEveryTick: true, atLeast70: true }],
  ] as const)('%s %s', (engine, version, traits) => {
    expect(engineTraits({ engine, version })).toMatchObject(traits);
  });

  it('knows nothing when the engine or version is missing', () => {
    expect(engineTraits({ engine: null, version: '7.4.1' })).toMatchObject({ smallBinsFrag: null, decayFactor: null, name: 'an unknown server' });
    expect(engineTraits({ engine: 'redis', version: null })).toMatchObject({ midPassLowering: null, name: 'redis (version unknown)' });
  });
});

describe('engineTraits: the versions of lib/decision/VERSIONS.md', () => {
  it.each([
    [
      'redis',
      '7.0.15',
      { fragFormula: 'active-ratio', needsInfoDebug: false, defragTimeResetsPerPass: false, slotMigrationForkGate: false, defragWhileBlocked: 'always' },
    ],
    ['redis', '7.2.7', { fragFormula: 'active-ratio', needsInfoDebug: false, defragTimeResetsPerPass: false, defragWhileBlocked: 'always' }],
    ['redis', '7.4.5', { fragFormula: 'small-bins-minus-lua', needsInfoDebug: true, defragTimeResetsPerPass: false, defragWhileBlocked: 'always' }],
    ['redis', '7.4.6', { fragFormula: 'small-bins-minus-lua', needsInfoDebug: true, defragWhileBlocked: 'aof-loading' }],
    ['redis', '8.0.3', { decayFactor: true, needsInfoDebug: true, defragTimeResetsPerPass: true, defragWhileBlocked: 'always' }],
    ['redis', '8.0.4', { decayFactor: true, defragTimeResetsPerPass: true, defragWhileBlocked: 'aof-loading' }],
    ['redis', '8.2.1', { decayFactor: true, defragWhileBlocked: 'always' }],
    ['redis', '8.2.2', { decayFactor: true, defragWhileBlocked: 'aof-loading' }],
    ['redis', '8.4.0', { decayFactor: true, decidesEveryTick: true, defragWhileBlocked: 'aof-loading' }],
    [
      'redis',
      '8.6.3',
      { fragFormula: 'small-bins-minus-lua', decayFactor: true, decidesEveryTick: true, defragTimeResetsPerPass: true, slotMigrationForkGate: false },
    ],
    ['valkey', '7.2.7', { fragFormula: 'active-ratio', needsInfoDebug: false, defragTimeResetsPerPass: false, midPassLowering: false }],
    ['valkey', '8.0.1', { fragFormula: 'small-bins', needsInfoDebug: false, defragTimeResetsPerPass: false, decidesEveryTick: false, midPassLowering: true }],
    ['valkey', '8.1.1', { fragFormula: 'small-bins', decayFactor: false, decidesEveryTick: true, defragTimeResetsPerPass: true, slotMigrationForkGate: false }],
    ['valkey', '9.0.8', { fragFormula: 'small-bins', defragTimeResetsPerPass: true, slotMigrationForkGate: true, defragWhileBlocked: 'always' }],
    ['valkey', '9.1.2', { fragFormula: 'small-bins', needsInfoDebug: false, slotMigrationForkGate: true, decayFactor: false }],
  ] as const)('%s %s', (engine, version, traits) => {
    expect(engineTraits({ engine, version })).toMatchObject(traits);
  });
});
