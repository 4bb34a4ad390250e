import { describe, expect, it } from 'vitest';
import { effortRaises } from './effort';
import type { CurrentConfig } from './values';

const base: CurrentConfig = {
  activedefrag: 'yes',
  'active-defrag-ignore-bytes': '104857600',
  'active-defrag-threshold-lower': '10',
  'active-defrag-threshold-upper': '100',
  'active-defrag-cycle-min': '1',
  'active-defrag-cycle-max': '25',
  'active-defrag-max-scan-fields': '1000',
  'active-defrag-cycle-us': '500',
};
const after = (patch: CurrentConfig) => ({ ...base, ...patch });

describe('effortRaises', () => {
  it('no change, no confirmation', () => {
    expect(effortRaises(base, base)).toEqual([]);
  });

  it.each([
    ['active-defrag-cycle-min', '5', '0', /cycle-min rises from 1 % to 5 %/],
    ['active-defrag-cycle-max', '50', '10', /cycle-max rises from 25 % to 50 %/],
    ['active-defrag-threshold-upper', '50', '200', /threshold-upper falls from 100 % to 50 %: maximum effort is reached at less fragmentation/],
    ['active-defrag-threshold-lower', '5', '20', /threshold-lower falls from 10 % to 5 %: defrag starts sooner/],
    ['active-defrag-ignore-bytes', '52428800', '209715200', /ignore-bytes falls from 100mb to 50mb: defrag starts sooner/],
    ['active-defrag-max-scan-fields', '5000', '100', /max-scan-fields rises from 1000 to 5000: longer .*steps on big keys/],
    ['active-defrag-cycle-us', '1000', '250', /cycle-us rises from 500 to 1000 µs: a longer duty cycle/],
  ])('%s: raising to %s asks, the other way (%s) does not', (param, raise, lower, reason) => {
    const raises = effortRaises(base, after({ [param]: raise }));
    expect(raises).toHaveLength(1);
    expect(raises[0]).toMatch(reason);
    expect(effortRaises(base, after({ [param]: lower }))).toEqual([]);
  });

  it('switching defrag on asks, from off or unknown', () => {
    expect(effortRaises(after({ activedefrag: 'no' }), base)).toEqual(['activedefrag turns on (it was off): the server starts spending CPU on defrag passes.']);
    expect(effortRaises(after({ activedefrag: null }), base)[0]).toMatch(/it was in an unknown state/);
  });

  it('switching defrag off, or leaving it on, does not ask', () => {
    expect(effortRaises(base, after({ activedefrag: 'no' }))).toEqual([]);
    expect(effortRaises(after({ activedefrag: 'YES' }), base)).toEqual([]);
  });

  it('an unknown value before is not a raise for the numbers', () => {
    const unknown = Object.fromEntries(Object.keys(base).map((k) => [k, k === 'activedefrag' ? 'yes' : null]));
    expect(effortRaises(unknown, after({ 'active-defrag-cycle-max': '99', 'active-defrag-threshold-lower': '0' }))).toEqual([]);
  });

  it('an unknown value after is not a raise', () => {
    expect(effortRaises(base, after({ 'active-defrag-cycle-max': null, activedefrag: null }))).toEqual([]);
  });

  it('compares large integers exactly', () => {
    expect(
      effortRaises(after({ 'active-defrag-max-scan-fields': '9223372036854775806' }), after({ 'active-defrag-max-scan-fields': '9223372036854775807' })),
    ).toHaveLength(1);
  });

  it('lists every raise in one change', () => {
    const raises = effortRaises(
      after({ activedefrag: 'no' }),
      after({ 'active-defrag-cycle-min': '10', 'active-defrag-cycle-max': '50', 'active-defrag-threshold-upper': '50' }),
    );
    expect(raises).toHaveLength(4);
  });
});
