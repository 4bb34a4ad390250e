import { describe, expect, it } from 'vitest';
import { comparisonOneLiner, formatMomentTime, headlineFigures, improvementText, TRIGGER_TEXT } from './baseline-text';

const rss = (delta: number | null, relative: number | null) => ({
  name: 'used_memory_rss' as const,
  label: 'RSS',
  kind: 'bytes' as const,
  before: 346 * 1024 * 1024,
  after: delta === null ? null : 346 * 1024 * 1024 + delta,
  delta,
  relative,
  improved: delta === null ? null : delta < 0,
});

describe('baseline text', () => {
  it('names the triggers in words', () => {
    expect(TRIGGER_TEXT).toEqual({ manual: 'manual', 'activedefrag-on': 'defrag switched on', 'window-start': 'window start' });
  });

  it('sums a comparison up in one line, the verdict always in words', () => {
    const verdict = { status: 'success' as const, headline: '', reasons: [] };
    expect(comparisonOneLiner({ rows: [rss(-180 * 1024 * 1024, -0.52)], verdict })).toBe('RSS -180 MiB (-52%), success');
    expect(comparisonOneLiner({ rows: [], verdict: { ...verdict, status: 'different-target' } })).toBe('different targets');
    expect(comparisonOneLiner({ rows: [rss(null, null)], verdict: { ...verdict, status: 'insufficient-data' } })).toBe('insufficient data');
  });

  it('prints the headline figures with their INFO names as titles', () => {
    const figures = headlineFigures({
      used_memory_rss: 346 * 1024 * 1024,
      used_memory: null,
      mem_fragmentation_ratio: 2.789,
      allocator_frag_ratio: 2.73,
      active_defrag_hits: 1500000,
    });
    expect(figures.map((f) => `${f.label} ${f.text}`)).toEqual(['RSS 346 MiB', 'used —', 'RSS ratio 2.79', 'allocator 2.73', 'defrag hits 1,500,000']);
    expect(figures[0]!.title).toBe('used_memory_rss');
  });

  it('shows only the time for today, the date too for another day', () => {
    const now = new Date(2025, 5, 3, 15, 0, 0).getTime();
    expect(formatMomentTime(new Date(2025, 5, 3, 14, 0, 0).getTime(), now)).not.toMatch(/2025/);
    expect(formatMomentTime(new Date(2025, 5, 1, 14, 0, 0).getTime(), now)).toMatch(/2025/);
  });

  it('words an improvement', () => {
    expect([true, false, null].map(improvementText)).toEqual(['improved', 'not improved', '']);
  });
});
