import { describe, expect, it } from 'vitest';
import type { HistoryResponse } from '@/lib/history/api-schema';
import { fitToWidth, MIN_ROWS } from './chart-points';

/** `rows` samples one second apart; `value(i)` per series. */
function history(rows: number, series: Record<string, (i: number) => number | null>): HistoryResponse {
  const t = Array.from({ length: rows }, (_, i) => 1_000_000 + i * 1000);
  return {
    from: t[0]!,
    to: t[rows - 1]!,
    t,
    series: Object.fromEntries(Object.entries(series).map(([key, value]) => [key, t.map((_, i) => value(i))])),
  };
}
const numbers = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

describe('fitToWidth', () => {
  it('returns history that already fits as the same object', () => {
    const h = history(300, { a: (i) => i });
    expect(fitToWidth(h, 620)).toBe(h);
    expect(fitToWidth(h, 300)).toBe(h);
  });

  it('bounds the rows by the width, whatever the input length', () => {
    for (const [rows, width] of [
      [86_400, 620],
      [801, 800],
      [800, 621],
      [5000, 1],
      [1000, 333],
    ] as const) {
      const fitted = fitToWidth(history(rows, { a: (i) => Math.sin(i) }), width);
      expect(fitted.t.length).toBeLessThanOrEqual(Math.max(width, MIN_ROWS));
      expect(fitted.t.length).toBeGreaterThanOrEqual(Math.max(width, MIN_ROWS) - 1);
      expect(fitted.series.a).toHaveLength(fitted.t.length);
      // Times stay in order and inside the range; the range itself is kept.
      expect(fitted.t.every((t, i) => i === 0 || t > fitted.t[i - 1]!)).toBe(true);
      expect([fitted.from, fitted.to]).toEqual([1_000_000, 1_000_000 + (rows - 1) * 1000]);
    }
  });

  it('keeps every one-sample spike and dip, at any position, and the overall extremes', () => {
    for (const at of [0, 1, 4_321, 43_200, 86_398, 86_399]) {
      const h = history(86_400, { up: (i) => (i === at ? 9 : 1), down: (i) => (i === at ? -9 : 1), wave: (i) => Math.sin(i / 500) });
      const fitted = fitToWidth(h, 620);
      expect(Math.max(...numbers(fitted.series.up!)), `spike at ${at}`).toBe(9);
      expect(Math.min(...numbers(fitted.series.down!)), `dip at ${at}`).toBe(-9);
      expect(Math.max(...numbers(fitted.series.wave!))).toBe(Math.max(...numbers(h.series.wave!)));
      expect(Math.min(...numbers(fitted.series.wave!))).toBe(Math.min(...numbers(h.series.wave!)));
    }
  });

  it('puts each run minimum and maximum in the order they happened', () => {
    // Falling then rising inside one run: the min comes first; rising then falling: the max does.
    const fitted = fitToWidth(history(200, { v: (i) => (i < 100 ? 100 - i : i) }), 60);
    const v = fitted.series.v!;
    expect(v[0]! > v[1]!).toBe(true);
    expect(v.at(-2)! < v.at(-1)!).toBe(true);
  });

  it('keeps a gap that fills a run as null, and ignores nulls beside values', () => {
    // 1000 rows into 100 runs of 10: rows 500-599 are a gap (runs 50-59), row 3 is a lone null.
    const fitted = fitToWidth(history(1000, { v: (i) => ((i >= 500 && i < 600) || i === 3 ? null : i) }), 200);
    const v = fitted.series.v!;
    expect(v.slice(100, 120)).toEqual(Array(20).fill(null));
    expect(v[99]).toBe(499);
    expect(v[120]).toBe(600);
    expect(v.slice(0, 2)).toEqual([0, 9]);
    expect(numbers(v)).toHaveLength(180);
  });
});
