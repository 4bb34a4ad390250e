import { describe, expect, it } from 'vitest';
import { timeAtX, zoomSelection } from './zoom-range';

const DOMAIN = [100_000, 400_000] as const;

describe('drag-to-zoom maths', () => {
  it('zooms on the span dragged over, in either direction', () => {
    expect(zoomSelection(150_000, 250_000, DOMAIN)).toEqual({ from: 150_000, to: 250_000 });
    expect(zoomSelection(250_000, 150_000, DOMAIN)).toEqual({ from: 150_000, to: 250_000 });
    expect(zoomSelection(150_000.4, 250_000.2, DOMAIN)).toEqual({ from: 150_000, to: 250_001 });
  });

  it('stays inside the chart', () => {
    expect(zoomSelection(50_000, 200_000, DOMAIN)).toEqual({ from: 100_000, to: 200_000 });
    expect(zoomSelection(300_000, 900_000, DOMAIN)).toEqual({ from: 300_000, to: 400_000 });
  });

  it('takes a click or a tiny drag for no zoom', () => {
    expect(zoomSelection(150_000, 150_000, DOMAIN)).toBeNull();
    expect(zoomSelection(150_000, 159_999, DOMAIN)).toBeNull();
    expect(zoomSelection(150_000, 160_000, DOMAIN)).toEqual({ from: 150_000, to: 160_000 });
    expect(zoomSelection(null, 200_000, DOMAIN)).toBeNull();
    expect(zoomSelection(Number.NaN, 200_000, DOMAIN)).toBeNull();
    // Both ends beyond the chart on one side: nothing left to show.
    expect(zoomSelection(10_000, 90_000, DOMAIN)).toBeNull();
  });

  it('maps the pointer across the plot onto the time axis, held at its edges', () => {
    const plot = { left: 100, width: 600 };
    expect(timeAtX(100, plot, DOMAIN)).toBe(100_000);
    expect(timeAtX(400, plot, DOMAIN)).toBe(250_000);
    expect(timeAtX(700, plot, DOMAIN)).toBe(400_000);
    expect(timeAtX(20, plot, DOMAIN)).toBe(100_000);
    expect(timeAtX(900, plot, DOMAIN)).toBe(400_000);
    expect(timeAtX(400, { left: 0, width: 0 }, DOMAIN)).toBeNull();
    expect(timeAtX(Number.NaN, plot, DOMAIN)).toBeNull();
  });
});
