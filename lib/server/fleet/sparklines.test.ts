import { describe, expect, it } from 'vitest';
import { SPARKLINE_POINTS } from '@/lib/fleet/api-schema';
import { HistoryStore } from '@/lib/history/history-store';
import { MB, snap, T0 } from '@/lib/history/samples.test-support';
import { sparklineOf } from './sparklines';

describe('sparklineOf', () => {
  it('downsamples an hour of 1 s samples to at most 60 points, keeping the extremes', () => {
    const store = new HistoryStore({ intervalMs: 1000, fineRetentionMs: 2 * 3_600_000 });
    const now = T0 + 2 * 3_600_000;
    // Two hours of samples; the older hour must not show. One spike in the last hour.
    for (let at = T0; at <= now; at += 1000) {
      const inHour = at >= now - 3_600_000; // `from` is inclusive
      const ratio = at === now - 1_000_000 ? 2.75 : inHour ? 1.2 + ((at / 1000) % 10) / 100 : 5;
      store.append(snap(at, { info: { allocator_frag_ratio: ratio, used_memory_rss: (inHour ? 100 : 900) * MB } }));
    }
    const line = sparklineOf('t', store, now);
    expect(line.t.length).toBeLessThanOrEqual(SPARKLINE_POINTS);
    expect(line.t.length).toBeGreaterThan(SPARKLINE_POINTS / 2);
    expect(line.allocatorRatio).toHaveLength(line.t.length);
    expect(Math.max(...line.allocatorRatio.map((v) => v ?? 0))).toBe(2.75);
    expect(Math.min(...line.allocatorRatio.map((v) => v ?? Infinity))).toBe(1.2);
    expect(new Set(line.rssBytes)).toEqual(new Set([100 * MB]));
    // Seconds after the hour's start: small whole numbers.
    expect(line.t.every((s) => Number.isInteger(s) && s >= 0 && s <= 3600)).toBe(true);
    expect(JSON.stringify(line).length).toBeLessThan(2000);
  });

  it('a target with no samples yet has empty lines, not an error', () => {
    const line = sparklineOf('t', new HistoryStore({ intervalMs: 1000 }), T0);
    expect(line.allocatorRatio.every((v) => v === null)).toBe(true);
  });
});
