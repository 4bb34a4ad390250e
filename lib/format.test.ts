import { describe, expect, it } from 'vitest';
import { fragPctFromRatio as fragPercent } from './decision/effort';
import { formatBytes, formatDuration, formatPercent, formatRatio } from './format';

describe('formatters', () => {
  it('formats bytes in binary units and keeps the sign', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(38323472)).toBe('36.5 MiB');
    expect(formatBytes(-4096)).toBe('-4 KiB');
    expect(formatBytes(104857600)).toBe('100 MiB');
    expect(formatBytes(75830720)).toBe('72.3 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB');
    expect(formatBytes(null, 'unknown')).toBe('unknown');
    expect(formatBytes(null)).toBe('—');
  });
  it('prints ratios like INFO (two decimals)', () => {
    expect(formatRatio(1.31)).toBe('1.31');
    expect(formatRatio(2)).toBe('2.00');
    expect(formatRatio(null)).toBe('—');
  });
  it('turns the allocator ratio into the threshold percent', () => {
    expect(fragPercent(1.1)).toBe(10);
    expect(fragPercent(2.73)).toBe(173);
    expect(fragPercent(null)).toBeNull();
  });
  it('formats percents and durations', () => {
    expect(formatPercent(25)).toBe('25%');
    expect(formatPercent(39.9)).toBe('39.9%');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_440_000)).toBe('2 h 4 min');
  });
});

describe('plural and joinClauses', () => {
  it('never says "1 targets" nor ".;"', async () => {
    const { plural, joinClauses } = await import('./format');
    expect(plural(1, 'target')).toBe('1 target');
    expect(plural(6, 'target')).toBe('6 targets');
    expect(joinClauses(['Must be at most 99.', 'cycle-max: too low.'])).toBe('Must be at most 99; cycle-max: too low');
  });
});
