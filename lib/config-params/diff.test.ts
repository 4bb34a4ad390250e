import { describe, expect, it } from 'vitest';
import { applyOverrides, decide } from '../decision/decide';
import { defaultConfig, makeSnapshot, MB, withFrag } from '../decision/snapshot.test-support';
import { emptyConfig } from '../snapshot';
import { findParam } from './catalogue';
import { configDiff, toCurrentConfig, toOverrides, valueText } from './diff';
import { validateChanges } from './validate';

describe('configDiff', () => {
  const before = toCurrentConfig(defaultConfig({ activedefrag: false, 'active-defrag-cycle-us': 500 }));

  it('lists only changed parameters, in catalogue order, with human texts', () => {
    const after = {
      ...before,
      'active-defrag-cycle-max': '50',
      activedefrag: 'yes',
      'active-defrag-ignore-bytes': '209715200',
      'active-defrag-cycle-us': '1000',
    };
    expect(configDiff(before, after)).toEqual([
      { param: 'activedefrag', before: 'no', after: 'yes', beforeText: 'no', afterText: 'yes' },
      { param: 'active-defrag-ignore-bytes', before: '104857600', after: '209715200', beforeText: '100mb', afterText: '200mb' },
      { param: 'active-defrag-cycle-max', before: '25', after: '50', beforeText: '25 %', afterText: '50 %' },
      { param: 'active-defrag-cycle-us', before: '500', after: '1000', beforeText: '500 µs', afterText: '1000 µs' },
    ]);
  });

  it('is empty when nothing changes, including different spellings of one value', () => {
    expect(configDiff(before, { ...before })).toEqual([]);
    expect(configDiff(before, { ...before, activedefrag: 'NO', 'active-defrag-cycle-max': '025' })).toEqual([]);
  });

  it('shows a value becoming known or unknown as a change, but not unknown to unknown', () => {
    expect(configDiff({ 'active-defrag-max-scan-fields': null }, { 'active-defrag-max-scan-fields': '500' })).toEqual([
      { param: 'active-defrag-max-scan-fields', before: null, after: '500', beforeText: 'unknown', afterText: '500' },
    ]);
    expect(configDiff({ 'active-defrag-cycle-min': '1' }, {})[0]?.afterText).toBe('unknown');
    expect(configDiff({ 'active-defrag-cycle-min': null }, {})).toEqual([]);
  });

  it('ignores names outside the catalogue', () => {
    expect(configDiff({ maxmemory: '1' }, { maxmemory: '2' })).toEqual([]);
  });
});

describe('valueText', () => {
  const spec = (name: string) =>
    findParam(name) ??
    (() => {
      throw new Error(name);
    })();

  it('formats each kind', () => {
    expect(valueText(spec('active-defrag-ignore-bytes'), '1536')).toBe('1536');
    expect(valueText(spec('active-defrag-ignore-bytes'), '9223372036854775807')).toBe('9223372036854775807 bytes');
    expect(valueText(spec('active-defrag-threshold-lower'), '5')).toBe('5 %');
    expect(valueText(spec('active-defrag-max-scan-fields'), '1000')).toBe('1000');
    expect(valueText(spec('activedefrag'), 'Yes')).toBe('yes');
  });

  it('shows unreadable values as they are', () => {
    expect(valueText(spec('active-defrag-cycle-min'), 'abc')).toBe('abc');
    expect(valueText(spec('activedefrag'), 'maybe')).toBe('maybe');
  });
});

describe('toCurrentConfig / toOverrides', () => {
  it('turns the typed snapshot config into Redis-ready strings', () => {
    expect(toCurrentConfig(defaultConfig({ 'active-defrag-cycle-us': null }))).toEqual({
      activedefrag: 'yes',
      'active-defrag-ignore-bytes': '104857600',
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '25',
      'active-defrag-max-scan-fields': '1000',
      'active-defrag-cycle-us': null,
    });
    expect(toCurrentConfig({ ...emptyConfig(), activedefrag: false }).activedefrag).toBe('no');
    expect(toCurrentConfig(emptyConfig()).activedefrag).toBeNull();
  });

  it('writes large integers in plain digits', () => {
    expect(toCurrentConfig(defaultConfig({ 'active-defrag-max-scan-fields': 1e21 }))['active-defrag-max-scan-fields']).toBe('1000000000000000000000');
  });

  it('round-trips a fully known config', () => {
    const config = defaultConfig({ activedefrag: false, 'active-defrag-cycle-us': 750, 'active-defrag-ignore-bytes': 200 * MB });
    expect(toOverrides(toCurrentConfig(config))).toEqual(config);
  });

  it('leaves unknown values out of the overrides, so the snapshot keeps its own', () => {
    const config = defaultConfig({ activedefrag: null, 'active-defrag-cycle-us': null });
    const overrides = toOverrides(toCurrentConfig(config));
    expect('activedefrag' in overrides).toBe(false);
    expect('active-defrag-cycle-us' in overrides).toBe(false);
    expect(applyOverrides(config, overrides).config).toEqual(config);
    expect(toOverrides({ activedefrag: 'maybe', 'active-defrag-cycle-min': 'x', 'active-defrag-cycle-max': '30' })).toEqual({
      'active-defrag-cycle-max': 30,
    });
  });

  it('feeds a validated change to the decision model: lowering threshold-lower predicts a pass', () => {
    // 8 % fragmentation, 150 MB of waste: enough bytes, but below the default 10 % start threshold.
    const snapshot = makeSnapshot({ info: withFrag(8, 150 * MB) });
    expect(decide(snapshot).verdict).toBe('will-not-run');
    const r = validateChanges({ 'active-defrag-threshold-lower': 5 }, toCurrentConfig(snapshot.config), snapshot.server);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(decide(snapshot, toOverrides(r.effective)).verdict).toBe('will-run');
  });
});
