/** Small order statistics for the bench. All take unsorted input and never mutate it. */

export function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in [0, 100]). Throws on an empty list: a figure needs samples. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no samples');
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);
export const max = (values: readonly number[]) => values.reduce((a, b) => Math.max(a, b), -Infinity);
export const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Wall clock with sub-ms precision, comparable with Date.now() and with a browser's timeOrigin + now(). */
export const wallNow = () => performance.timeOrigin + performance.now();

export function fmt(value: number, digits: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
