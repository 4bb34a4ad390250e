import { describe, expect, it } from 'vitest';
import { boolOf, canonical, integerOf, sameValue } from './values';

describe('Redis-ready values', () => {
  it('reads integers exactly, even past 2^53', () => {
    expect(integerOf(' 42 ')).toBe(42n);
    expect(integerOf('9223372036854775807')).toBe(9223372036854775807n);
    expect(integerOf('1.5')).toBeNull();
    expect(integerOf('100mb')).toBeNull();
    expect(integerOf(null)).toBeNull();
    expect(integerOf(undefined)).toBeNull();
  });

  it('spells each value one way', () => {
    expect(canonical('bool', ' YES ')).toBe('yes');
    expect(canonical('percent', '007')).toBe('7');
    expect(canonical('bytes', 'junk ')).toBe('junk');
  });

  it('compares by value, and unknown equals nothing', () => {
    expect(sameValue('bytes', '104857600', '0104857600')).toBe(true);
    expect(sameValue('count', '9223372036854775807', '9223372036854775806')).toBe(false);
    expect(sameValue('bool', 'Yes', 'yes')).toBe(true);
    expect(sameValue('bool', 'yes', 'no')).toBe(false);
    expect(sameValue('percent', null, null)).toBe(false);
    expect(sameValue('percent', '1', null)).toBe(false);
  });

  it('reads booleans as yes/no only', () => {
    expect(boolOf('YES')).toBe(true);
    expect(boolOf('no')).toBe(false);
    expect(boolOf('1')).toBeNull();
    expect(boolOf(null)).toBeNull();
  });
});
