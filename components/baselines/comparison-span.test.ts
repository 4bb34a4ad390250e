import { describe, expect, it } from 'vitest';
import { clipToData, comparisonSpan, MAX_CHART_SPAN_MS, markersOutside } from './comparison-span';

const MIN = 60_000;
const NOW = 1_750_000_000_000;

describe('comparisonSpan', () => {
  it('pads a short comparison by a minute on each side, never past now', () => {
    expect(comparisonSpan(NOW - 5 * MIN, NOW - 10_000, NOW)).toEqual({ from: NOW - 6 * MIN, to: NOW });
    expect(comparisonSpan(NOW - 60 * MIN, NOW - 30 * MIN, NOW)).toEqual({ from: NOW - 63 * MIN, to: NOW - 27 * MIN });
  });

  it('pads a long comparison by a tenth of it', () => {
    const hour = 60 * MIN;
    expect(comparisonSpan(NOW - 20 * hour, NOW - 10 * hour, NOW)).toEqual({ from: NOW - 21 * hour, to: NOW - 9 * hour });
  });

  it('keeps the later end when the span is longer than the API allows', () => {
    const span = comparisonSpan(NOW - 30 * 24 * 60 * MIN, NOW - MIN, NOW);
    expect(span.to).toBe(NOW);
    expect(span.to - span.from).toBe(MAX_CHART_SPAN_MS);
  });

  it('orders reversed moments', () => {
    expect(comparisonSpan(NOW - MIN, NOW - 3 * MIN, NOW)).toEqual({ from: NOW - 4 * MIN, to: NOW });
  });
});

describe('clipToData', () => {
  it('clips the axis to the samples held', () => {
    const history = { from: 0, to: 1000, t: [200, 500, 800], series: {} };
    expect(clipToData(history)).toMatchObject({ from: 200, to: 800 });
  });

  it('is null without samples, and keeps the range for a single one', () => {
    expect(clipToData({ from: 0, to: 1000, t: [], series: {} })).toBeNull();
    expect(clipToData({ from: 0, to: 1000, t: [400], series: {} })).toMatchObject({ from: 0, to: 1000 });
  });
});

describe('markersOutside', () => {
  it('names the moments the axis cannot show', () => {
    const markers = [
      { at: 100, label: 'before' },
      { at: 900, label: 'after' },
    ];
    expect(markersOutside(markers, { from: 200, to: 1000 })).toEqual(['before']);
    expect(markersOutside(markers, { from: 0, to: 1000 })).toEqual([]);
  });
});
