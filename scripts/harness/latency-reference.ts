import type Redis from 'ioredis';

/**
 * The tests' own reading of LATENCY HISTOGRAM, independent of lib/latency: per-bucket counts by
 * bound (the reply's counts are cumulative), and a percentile from two readings' difference.
 */
export async function rawBuckets(client: Redis, command: string): Promise<Map<number, number>> {
  const reply = (await client.call('LATENCY', 'HISTOGRAM', command)) as unknown[];
  const pairs = reply.length === 0 ? [] : ((reply[1] as unknown[])[3] as number[]);
  const out = new Map<number, number>();
  let previous = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    out.set(pairs[i]!, pairs[i + 1]! - previous);
    previous = pairs[i + 1]!;
  }
  return out;
}

/** Subtract the per-bucket counts, walk the sorted bounds up to the rank (`permille`: 500, 990, 999). */
export function referencePercentile(before: Map<number, number>, after: Map<number, number>, permille: number): { calls: number; usec: number } {
  const bounds = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const counts = bounds.map((b) => (after.get(b) ?? 0) - (before.get(b) ?? 0));
  const calls = counts.reduce((a, b) => a + b, 0);
  const rank = Math.ceil((permille * calls) / 1000);
  let seen = 0;
  for (let i = 0; i < bounds.length; i++) {
    seen += counts[i]!;
    if (seen >= rank) return { calls, usec: bounds[i]! };
  }
  throw new Error('rank beyond the calls');
}
