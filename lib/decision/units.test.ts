import { describe, expect, it } from 'vitest';
import { formatBytes, formatPercent, formatRatio, parseIntegerInRange, parseMemorySize } from './units';

describe('parseMemorySize', () => {
  it.each([
    ['200mb', 200 * 1024 ** 2],
    ['200MB', 200 * 1024 ** 2],
    [' 64 kb ', 64 * 1024],
    ['1gb', 1024 ** 3],
    ['1g', 1e9],
    ['5m', 5e6],
    ['3k', 3000],
    ['100b', 100],
    ['1048576', 1048576],
  ])('%s -> %s bytes', (input, bytes) => {
    expect(parseMemorySize(input)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['', /Enter a size/],
    ['-5mb', /negative/],
    ['1.5gb', /whole numbers/],
    ['10tb', /Unknown unit "tb"/],
    ['lots', /not a size/],
    ['99999999999gb', /too large/],
  ])('refuses %j with a clear message', (input, message) => {
    const r = parseMemorySize(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('parseIntegerInRange', () => {
  it('accepts whole numbers in range, inclusive', () => {
    expect(parseIntegerInRange('1', 1, 99)).toEqual({ ok: true, value: 1 });
    expect(parseIntegerInRange(' 99 ', 1, 99)).toEqual({ ok: true, value: 99 });
  });
  it('refuses out-of-range, fractions and text', () => {
    expect(parseIntegerInRange('0', 1, 99)).toEqual({ ok: false, error: 'Must be between 1 and 99 inclusive.' });
    expect(parseIntegerInRange('2.5', 1, 99).ok).toBe(false);
    expect(parseIntegerInRange('ten', 0, 1000).ok).toBe(false);
    expect(parseIntegerInRange('', 0, 1000).ok).toBe(false);
  });
});

describe('formatters', () => {
  it('formats bytes 1024-based, like Redis mb', () => {
    expect(formatBytes(100 * 1024 ** 2)).toBe('100 MiB');
    expect(formatBytes(75830720)).toBe('72.3 MiB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2.5 * 1024 ** 3)).toBe('2.5 GiB');
    expect(formatBytes(-4096)).toBe('-4 KiB');
    expect(formatBytes(null)).toBe('unknown');
  });
  it('formats percents and ratios', () => {
    expect(formatPercent(39.9)).toBe('39.9%');
    expect(formatPercent(173)).toBe('173%');
    expect(formatPercent(null)).toBe('unknown');
    expect(formatRatio(2.7912)).toBe('2.79');
    expect(formatRatio(null)).toBe('unknown');
  });
});
