/**
 * Ordinary least-squares line y = intercept + slope * x, with the slope's standard error, so a
 * caller can tell a real trend from noise (a flat but noisy series has |slope / stdErr| small).
 * x is centred on its mean before summing: epoch milliseconds squared would lose every digit
 * that matters to Float64 rounding.
 */
export interface LinearFit {
  slope: number;
  /** Fitted y at x = 0 (in the caller's units, not the centred ones). */
  intercept: number;
  /** Standard error of the slope; 0 when every point lies on the line; NaN for 2 points. */
  slopeStdErr: number;
  n: number;
}

/** Null when there are fewer than 2 points or every x is the same. */
export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i] as number;
    my += ys[i] as number;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[i] as number) - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const r = (ys[i] as number) - (my + slope * ((xs[i] as number) - mx));
    sse += r * r;
  }
  const slopeStdErr = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Number.NaN;
  return { slope, intercept: my - slope * mx, slopeStdErr, n };
}
