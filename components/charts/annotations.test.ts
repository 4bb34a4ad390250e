import { describe, expect, it } from 'vitest';
import { parseChartRange } from '@/lib/targets/chart-range';
import { buildAnnotations } from './annotations';
import { latencyLabel, perSecond } from './defrag-charts';

const T0 = Date.UTC(2026, 11, 2, 2, 0, 0);
const MINUTE = 60_000;
const run = (start: number, end: number | null) => ({
  start: { at: start },
  end: end === null ? null : { at: end },
  peakRunning: 25,
  progress: { reclaimedRssBytes: 80 * 1024 * 1024 },
});

describe('restart and defrag-run annotations', () => {
  const base = { targetId: 'cache eu', audit: [], baselines: [], now: T0 + 60 * MINUTE, from: T0, to: T0 + 60 * MINUTE };

  it('marks restarts and run starts inside the range, each linking to the charts zoomed on it', () => {
    const notes = buildAnnotations({
      ...base,
      restarts: [T0 - MINUTE, T0 + 10 * MINUTE],
      runs: [run(T0 + 20 * MINUTE, T0 + 23 * MINUTE), run(T0 + 58 * MINUTE, null), run(T0 - 5 * MINUTE, T0 - 4 * MINUTE)],
    });
    expect(notes.map((n) => [n.kind, n.at])).toEqual([
      ['restart', T0 + 10 * MINUTE],
      ['defrag-run', T0 + 20 * MINUTE],
      ['defrag-run', T0 + 58 * MINUTE],
    ]);
    expect(notes[0]!.label).toBe('↻ restart');
    expect(notes[1]!.text).toBe('defrag run: 3 min 0 s, peak effort 25%, RSS reclaimed 80 MiB');
    expect(notes[2]!.text).toMatch(/^defrag run: still running/);
    // The link opens the console on the moment, as a range the URL parser accepts.
    for (const note of notes) {
      const url = new URL(note.href, 'http://x');
      expect(url.pathname).toBe('/');
      expect(url.searchParams.get('target')).toBe('cache eu');
      const { range, notice } = parseChartRange(url.searchParams, base.now);
      expect(notice).toBeNull();
      expect(range.kind === 'absolute' && range.from < note.at && range.to > note.at).toBe(true);
      expect(range.kind === 'absolute' && range.to <= base.now).toBe(true);
    }
  });
});

describe('value axis labels', () => {
  it('keep units readable and short', () => {
    expect([0, 0.25, 0.5, 3, 12, 240, 1000, 1500, 12_345, 450_000, 1_350_000, 1_800_000, 2_000_000].map(perSecond)).toEqual([
      '0/s',
      '0.3/s',
      '0.5/s',
      '3/s',
      '12/s',
      '240/s',
      '1k/s',
      '1.5k/s',
      '12.3k/s',
      '450k/s',
      '1.35M/s',
      '1.8M/s',
      '2M/s',
    ]);
    expect([0.35, 9.94, 9.96, 140, 999, 999.7, 2800].map(latencyLabel)).toEqual(['0.3 ms', '9.9 ms', '10 ms', '140 ms', '999 ms', '1.0 s', '2.8 s']);
  });
});

describe('chart text summary', () => {
  it('gives screen readers each series’ latest, lowest and highest figure', async () => {
    const { summarize } = await import('./time-series-chart');
    const rows = [
      { t: 1, a: 1.5, b: null },
      { t: 2, a: 2.25, b: null },
      { t: 3, a: 1.75, b: null },
    ];
    const series = [
      { key: 'a', label: 'RSS ratio', color: '#000' },
      { key: 'b', label: 'other', color: '#000' },
    ];
    expect(summarize(rows, series, (v) => v.toFixed(2))).toBe('RSS ratio: latest 1.75, lowest 1.50, highest 2.25; other: no data');
    expect(summarize([], series, String)).toBe('No samples in this range.');
  });
});
