/** Where the history API lives; both take epoch-ms bounds (at most 8 days apart). */

const target = (targetId: string) => `/api/targets/${encodeURIComponent(targetId)}`;

/** GET: historyResponseSchema, at most `points` per series. */
export function historyUrl(targetId: string, from: number, to: number, points: number, series: readonly string[]): string {
  const query = `from=${Math.floor(from)}&to=${Math.ceil(to)}&points=${points}&series=${series.map(encodeURIComponent).join(',')}`;
  return `${target(targetId)}/history?${query}`;
}

/** GET: runsResponseSchema, the defrag runs detected in [from, to]. */
export function runsUrl(targetId: string, from: number, to: number): string {
  return `${target(targetId)}/runs?from=${Math.floor(from)}&to=${Math.ceil(to)}`;
}

/** GET: latencyResponseSchema, windowed p50/p99/p99.9 per busy command in [from, to]. */
export function latencyUrl(targetId: string, from: number, to: number, points: number): string {
  return `${target(targetId)}/latency?from=${Math.floor(from)}&to=${Math.ceil(to)}&points=${points}`;
}
