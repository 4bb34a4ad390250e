import { describe, expect, it } from 'vitest';
import { formatChange, formatCount, formatFigure, formatPercentMagnitude, formatRelative } from './figure-text';

describe('figure text', () => {
  it('groups counts by thousands on any locale', () => {
    expect(formatCount(1_500_000)).toBe('1,500,000');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(-21_400)).toBe('-21,400');
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatCount(null)).toBe('—');
  });

  it('prints each kind with the shared formatters', () => {
    expect(formatFigure('bytes', 192 * 1024 * 1024)).toBe('192 MiB');
    expect(formatFigure('ratio', 1.06)).toBe('1.06');
    expect(formatFigure('count', 612_000)).toBe('612,000');
    expect(formatFigure('ms', 38_500)).toBe('38 s');
    expect(formatFigure('ms', 750)).toBe('750 ms');
    expect(formatFigure('ms', -185_000)).toBe('-3 min 5 s');
    expect(formatFigure('bytes', null)).toBe('—');
  });

  it('signs changes', () => {
    expect(formatChange('bytes', -60 * 1024 * 1024)).toBe('-60 MiB');
    expect(formatChange('count', 1_500_000)).toBe('+1,500,000');
    expect(formatChange('ratio', -1.68)).toBe('-1.68');
    expect(formatChange('ratio', 0)).toBe('0.00');
    expect(formatChange('bytes', null)).toBe('—');
  });

  it('prints relative changes as signed percents, never a false 0 %', () => {
    expect(formatRelative(-0.3125)).toBe('-31.3%');
    expect(formatRelative(0.4)).toBe('+40%');
    expect(formatRelative(0)).toBe('0%');
    expect(formatRelative(0.0001)).toBe('+0.01%');
    expect(formatRelative(-0.0004)).toBe('-0.04%');
    expect(formatRelative(-0.000001)).toBe('≈0%');
    expect(formatRelative(null)).toBe('—');
    expect(formatPercentMagnitude(-0.04)).toBe('0.04%');
    expect(formatPercentMagnitude(0.05)).toBe('0.1%');
  });
});
