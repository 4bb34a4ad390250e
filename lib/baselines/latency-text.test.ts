import { describe, expect, it } from 'vitest';
import type { LatencyCost } from '../latency/api-schema';
import { comparisonLatencyText } from './latency-text';

const base: LatencyCost = {
  status: 'ok',
  reason: null,
  beforeFrom: 0,
  runFrom: 300_000,
  runTo: 360_000,
  meanEffort: 25,
  peakEffort: 75,
  eventLoop: null,
  rows: [],
  all: null,
  text: null,
};

describe('comparisonLatencyText', () => {
  it('says there is nothing to state when no run started between the moments', () => {
    expect(comparisonLatencyText(null)).toMatch(/^no defrag run started/);
  });
  it("uses the run's own line when it was measured", () => {
    expect(comparisonLatencyText({ ...base, text: 'GET p99 4 µs -> 8 µs while defrag ran at 25 % CPU' })).toBe(
      'GET p99 4 µs -> 8 µs while defrag ran at 25 % CPU',
    );
  });
  it('says why when the server cannot measure it', () => {
    expect(comparisonLatencyText({ ...base, status: 'forbidden', reason: 'NOPERM this user has no permissions to run the latency command' })).toBe(
      'not measured: NOPERM this user has no permissions to run the latency command',
    );
  });
});
