import { describe, expect, it } from 'vitest';
import { engineTraits, parseVersion } from './version';

describe('parseVersion', () => {
  it('reads major.minor.patch and tolerates suffixes', () => {
    expect(parseVersion('7.4.1')).toEqual([7, 4, 1]);
    expect(parseVersion('8.0-rc1')).toEqual([8, 0, 0]);
    expect(parseVersion('garbage')).toBeNull();
    expect(parseVersion(null)).toBeNull();
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
