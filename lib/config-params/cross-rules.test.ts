import { describe, expect, it } from 'vitest';
import { crossFieldErrors, pairProblems } from './cross-rules';

const LOWER = 'active-defrag-threshold-lower';
const UPPER = 'active-defrag-threshold-upper';
const MIN = 'active-defrag-cycle-min';
const MAX = 'active-defrag-cycle-max';

const of = (values: Record<string, bigint | number | null>) => (p: string) => values[p];

describe('pairProblems', () => {
  it('finds nothing wrong with the defaults', () => {
    expect(pairProblems(of({ [LOWER]: 10, [UPPER]: 100, [MIN]: 1, [MAX]: 25 }))).toEqual([]);
  });

  it('reads typed numbers and Redis-ready bigints alike, thresholds first', () => {
    const numbers = pairProblems(of({ [LOWER]: 50, [UPPER]: 50, [MIN]: 30, [MAX]: 10 }));
    const bigints = pairProblems(of({ [LOWER]: 50n, [UPPER]: 50n, [MIN]: 30n, [MAX]: 10n }));
    expect(numbers).toEqual(bigints);
    expect(numbers.map((p) => p.params)).toEqual([
      [LOWER, UPPER],
      [MIN, MAX],
    ]);
    expect(numbers[0]!.message).toMatch(/must differ from threshold-lower \(both 50 %\).*divide by zero/);
    expect(numbers[1]!.message).toMatch(/cycle-min \(30 %\) is above cycle-max \(10 %\).*cycle-min is above cycle-max/);
  });

  it('tells an inverted pair from an equal one, and allows cycle-min equal to cycle-max', () => {
    const problems = pairProblems(of({ [LOWER]: 50, [UPPER]: 20, [MIN]: 25, [MAX]: 25 }));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/threshold-upper \(20 %\) is below threshold-lower \(50 %\)/);
  });

  it('skips a pair with an unknown or fractional side', () => {
    expect(pairProblems(of({ [LOWER]: null, [UPPER]: 5, [MIN]: 30.5, [MAX]: 10 }))).toEqual([]);
    expect(pairProblems(() => undefined)).toEqual([]);
  });
});

describe('crossFieldErrors', () => {
  it('reports a broken pair only on the sides the change touched', () => {
    const effective = { [LOWER]: '10', [UPPER]: '10', [MIN]: '30', [MAX]: '10' };
    expect([...crossFieldErrors(effective, new Set([UPPER])).keys()]).toEqual([UPPER]);
    expect([...crossFieldErrors(effective, new Set([MIN, MAX])).keys()]).toEqual([MIN, MAX]);
    expect(crossFieldErrors(effective, new Set(['active-defrag-ignore-bytes'])).size).toBe(0);
  });
});
