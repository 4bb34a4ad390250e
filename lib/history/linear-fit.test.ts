import { describe, expect, it } from 'vitest';
import { linearFit } from './linear-fit';

describe('linearFit', () => {
  it('fits a line exactly, with zero standard error', () => {
    const fit = linearFit([0, 1, 2, 3], [10, 8, 6, 4])!;
    expect(fit.slope).toBeCloseTo(-2, 12);
    expect(fit.intercept).toBeCloseTo(10, 12);
    expect(fit.slopeStdErr).toBeCloseTo(0, 12);
  });

  it('gives a large standard error relative to the slope for noise', () => {
    const ys = [5, 9, 4, 8, 5, 9, 4, 8, 5, 9];
    const fit = linearFit(
      ys.map((_, i) => i),
      ys,
    )!;
    expect(Math.abs(fit.slope / fit.slopeStdErr)).toBeLessThan(2);
  });

  it('stays precise with epoch-millisecond x (centred before summing)', () => {
    const x0 = 1_700_000_000_000;
    const fit = linearFit([x0, x0 + 1000, x0 + 2000], [3e8, 2e8, 1e8])!;
    expect(fit.slope).toBeCloseTo(-1e5, 6);
  });

  it('returns null for fewer than two points or a single x', () => {
    expect(linearFit([1], [1])).toBeNull();
    expect(linearFit([1, 1], [1, 2])).toBeNull();
  });
});
