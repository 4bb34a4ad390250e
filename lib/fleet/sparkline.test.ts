import { describe, expect, it } from 'vitest';
import { sparklineGeometry } from './sparkline';

describe('sparklineGeometry', () => {
  it('scales the lowest value to the bottom and the highest to the top, time across the width', () => {
    const g = sparklineGeometry([0, 1800, 3600], [1.1, 1.5, 1.3], 3600, 102, 22, 1);
    expect(g).toMatchObject({ min: 1.1, max: 1.5, last: 1.3 });
    expect(g.segments).toEqual(['1,21 51,1 101,11']);
  });
  it('breaks the line at a gap, as the big charts do', () => {
    const g = sparklineGeometry([0, 10, 20, 30], [1, null, 2, 3], 30, 32, 12, 1);
    expect(g.segments).toHaveLength(2);
    expect(g.segments[0]).toBe('1,11');
    expect(g.segments[1]).toBe('21,6 31,1');
  });
  it('draws a flat series across the middle, and nothing without values', () => {
    expect(sparklineGeometry([0, 60], [2, 2], 60, 62, 20).segments).toEqual(['1,10 61,10']);
    expect(sparklineGeometry([0, 60], [null, null], 60, 62, 20)).toEqual({ segments: [], min: null, max: null, last: null });
  });
});
