import { describe, expect, it } from 'vitest';
import { DEFRAG_PARAMS, findParam, type ParamSpec } from './catalogue';
import { parseParamValue } from './parse-value';

const spec = (name: string): ParamSpec => {
  const s = findParam(name);
  if (!s) throw new Error(`no such param ${name}`);
  return s;
};
const ok = (value: string) => ({ ok: true, value });
const errorOf = (r: ReturnType<typeof parseParamValue>) => (r.ok ? null : r.error);

const INTEGER_PARAMS = DEFRAG_PARAMS.filter((p) => p.kind !== 'bool' && p.kind !== 'bytes');

describe('range edges of every integer parameter', () => {
  it.each(INTEGER_PARAMS.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    // As typed text.
    expect(parseParamValue(p, String(p.min))).toEqual(ok(String(p.min)));
    expect(parseParamValue(p, String(p.max))).toEqual(ok(String(p.max)));
    expect(errorOf(parseParamValue(p, String(p.min - 1)))).toBe(`Must be between ${p.min} and ${p.max} inclusive.`);
    expect(errorOf(parseParamValue(p, String(p.max + 1)))).toBe(`Must be between ${p.min} and ${p.max} inclusive.`);
    // As JSON numbers.
    expect(parseParamValue(p, p.min)).toEqual(ok(String(p.min)));
    expect(parseParamValue(p, p.max)).toEqual(ok(String(p.max)));
    expect(errorOf(parseParamValue(p, p.min - 1))).toBe(`Must be between ${p.min} and ${p.max} inclusive.`);
    expect(errorOf(parseParamValue(p, p.max + 1))).toBe(`Must be between ${p.min} and ${p.max} inclusive.`);
  });

  it('shows the range the way Redis does', () => {
    expect(errorOf(parseParamValue(spec('active-defrag-cycle-min'), '0'))).toMatch(/between 1 and 99 inclusive/);
    expect(errorOf(parseParamValue(spec('active-defrag-threshold-upper'), 1001))).toMatch(/between 0 and 1000 inclusive/);
    expect(errorOf(parseParamValue(spec('active-defrag-cycle-us'), '100001'))).toMatch(/between 0 and 100000 inclusive/);
  });
});

describe('integer forms', () => {
  const cycleMax = spec('active-defrag-cycle-max');

  it('trims and normalises the spelling', () => {
    expect(parseParamValue(cycleMax, ' 50 ')).toEqual(ok('50'));
    expect(parseParamValue(cycleMax, '050')).toEqual(ok('50'));
    expect(parseParamValue(spec('active-defrag-cycle-us'), -0)).toEqual(ok('0'));
  });

  it.each([['1.5'], ['1e1'], ['ten'], ['50%'], ['']])('refuses the text %j', (text) => {
    expect(parseParamValue(cycleMax, text).ok).toBe(false);
  });

  it.each([[1.5], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses the number %s', (n) => {
    expect(errorOf(parseParamValue(cycleMax, n))).toMatch(/not a whole number/);
  });

  it('refuses booleans and non-scalars', () => {
    expect(errorOf(parseParamValue(cycleMax, true))).toBe('Expects a number, not true.');
    expect(errorOf(parseParamValue(cycleMax, null))).toBe('Must be a string, number or boolean.');
    expect(errorOf(parseParamValue(cycleMax, { value: 5 }))).toBe('Must be a string, number or boolean.');
  });
});

describe('memory sizes (active-defrag-ignore-bytes)', () => {
  const bytes = spec('active-defrag-ignore-bytes');

  it.each([
    ['200mb', '209715200'],
    ['1gb', '1073741824'],
    ['100k', '100000'],
    ['100kb', '102400'],
    ['2m', '2000000'],
    ['1g', '1000000000'],
    ['64 KB', '65536'],
    ['1', '1'],
    ['104857600', '104857600'],
    [String(Number.MAX_SAFE_INTEGER), String(Number.MAX_SAFE_INTEGER)],
  ])('%s -> %s bytes, like memtoull', (text, expected) => {
    expect(parseParamValue(bytes, text)).toEqual(ok(expected));
  });

  it('refuses fractions, negatives, zero and unknown units', () => {
    expect(errorOf(parseParamValue(bytes, '1.5gb'))).toMatch(/whole numbers/);
    expect(errorOf(parseParamValue(bytes, '-1'))).toMatch(/negative/);
    expect(errorOf(parseParamValue(bytes, '0'))).toBe('Must be at least 1 byte.');
    expect(errorOf(parseParamValue(bytes, '0mb'))).toBe('Must be at least 1 byte.');
    expect(errorOf(parseParamValue(bytes, '5tb'))).toMatch(/Unknown unit/);
    expect(errorOf(parseParamValue(bytes, String(Number.MAX_SAFE_INTEGER + 1)))).toMatch(/too large/);
  });

  it('takes JSON numbers as bytes, within the same range', () => {
    expect(parseParamValue(bytes, 1)).toEqual(ok('1'));
    expect(parseParamValue(bytes, Number.MAX_SAFE_INTEGER)).toEqual(ok(String(Number.MAX_SAFE_INTEGER)));
    expect(errorOf(parseParamValue(bytes, 0))).toBe('Must be at least 1 byte.');
    expect(errorOf(parseParamValue(bytes, -1))).toMatch(/negative/);
    expect(errorOf(parseParamValue(bytes, 1.5))).toMatch(/whole numbers/);
    expect(errorOf(parseParamValue(bytes, Number.MAX_SAFE_INTEGER + 1))).toMatch(/at most/);
    expect(errorOf(parseParamValue(bytes, false))).toBe('Expects a size, not false.');
  });
});

describe('booleans (activedefrag)', () => {
  const flag = spec('activedefrag');

  it.each([
    [true, 'yes'],
    [false, 'no'],
    ['yes', 'yes'],
    ['no', 'no'],
    ['YES', 'yes'],
    [' No ', 'no'],
  ])('%j -> %s', (raw, expected) => {
    expect(parseParamValue(flag, raw)).toEqual(ok(expected));
  });

  it.each([['on'], ['off'], ['1'], ['0'], ['true'], ['y'], [''], [1], [0]])('refuses %j', (raw) => {
    expect(errorOf(parseParamValue(flag, raw))).toMatch(/^Must be yes or no/);
  });
});
