import { describe, expect, it } from 'vitest';
import { defragCpuPercent, fragPctFromRatio, limit, nextRunningEffort } from './effort';

const DEFAULTS = { lower: 10, upper: 100, cycleMin: 1, cycleMax: 25 };

describe('defragCpuPercent', () => {
  it.each([
    [20, 3], // 1 + 10*24/90 = 3.67 -> 3
    [55, 13], // 1 + 45*24/90 = 13
    [100, 25],
    [250, 25],
    [10, 1],
  ])('defaults 10/100/1/25: frag %s pct -> cpu %s', (frag, cpu) => {
    expect(defragCpuPercent(frag, DEFAULTS)).toBe(cpu);
  });

  it('matches the Redis 7.4.1 log: frag 217% -> 25 (56 clamped), frag 39.9% -> 8 (8.97 truncated)', () => {
    expect(defragCpuPercent(217, DEFAULTS)).toBe(25);
    expect(defragCpuPercent(39.9, DEFAULTS)).toBe(8);
  });

  it('below threshold-lower (only reachable mid-pass) clamps to cycle-min', () => {
    expect(defragCpuPercent(3, DEFAULTS)).toBe(1);
  });

  it('upper == lower is a division by zero in Redis: undefined, so null', () => {
    expect(defragCpuPercent(50, { ...DEFAULTS, upper: 10 })).toBeNull();
  });

  it('upper < lower runs at cycle-min (observed)', () => {
    expect(defragCpuPercent(173, { lower: 50, upper: 20, cycleMin: 5, cycleMax: 75 })).toBe(5);
    expect(defragCpuPercent(50, { lower: 50, upper: 20, cycleMin: 5, cycleMax: 75 })).toBe(5);
  });

  it('cycle-min > cycle-max runs at cycle-min (observed), like C LIMIT', () => {
    expect(defragCpuPercent(173, { lower: 10, upper: 100, cycleMin: 30, cycleMax: 10 })).toBe(30);
    expect(defragCpuPercent(10.5, { lower: 10, upper: 100, cycleMin: 30, cycleMax: 10 })).toBe(30);
    // Exactly at threshold-lower the interpolation gives cycle-min itself, which LIMIT maps to max.
    expect(defragCpuPercent(10, { lower: 10, upper: 100, cycleMin: 30, cycleMax: 10 })).toBe(10);
  });
});

describe('limit', () => {
  it('is the C macro, not Math.min/Math.max', () => {
    expect(limit(5, 1, 25)).toBe(5);
    expect(limit(0, 1, 25)).toBe(1);
    expect(limit(30, 1, 25)).toBe(25);
    expect(limit(29, 30, 10)).toBe(30);
    expect(limit(30, 30, 10)).toBe(10);
  });
});

describe('fragPctFromRatio', () => {
  it('removes floating-point noise so boundaries compare exactly', () => {
    expect(fragPctFromRatio(1.15)).toBe(15);
    expect(fragPctFromRatio(1.1)).toBe(10);
    expect(fragPctFromRatio(2.73)).toBe(173);
    expect(fragPctFromRatio(1.399)).toBe(39.9);
    expect(fragPctFromRatio(0.98)).toBe(-2);
  });
});

describe('nextRunningEffort', () => {
  it('only ratchets up, unless a lowering config change is allowed', () => {
    expect(nextRunningEffort(25, 8, false)).toBe(25);
    expect(nextRunningEffort(8, 25, false)).toBe(25);
    expect(nextRunningEffort(25, 5, true)).toBe(5);
  });
});
