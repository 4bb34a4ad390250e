import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { GAUGE_MARKS, GAUGE_MAX, GAUGE_MIN, gaugeAngle, gaugeNeedle, markLabel } from './gauge-scale';
import { RssGauge } from './rss-gauge';

describe('RSS gauge scale', () => {
  it('labels both ends and every band edge', () => {
    expect(GAUGE_MARKS.map(markLabel)).toEqual(['0.5', '1.0', '1.5', '2.0', '3.0']);
    expect(gaugeAngle(GAUGE_MIN)).toBeCloseTo(Math.PI);
    expect(gaugeAngle(GAUGE_MAX)).toBeCloseTo(0);
    expect(gaugeAngle(1.75)).toBeCloseTo(Math.PI / 2);
  });

  it('holds the needle at an end and says the ratio is beyond it', () => {
    expect(gaugeNeedle(1.42)).toEqual({ value: 1.42, beyond: null });
    expect(gaugeNeedle(3)).toEqual({ value: 3, beyond: null });
    expect(gaugeNeedle(4.7)).toEqual({ value: GAUGE_MAX, beyond: 'above' });
    expect(gaugeNeedle(0.2)).toEqual({ value: GAUGE_MIN, beyond: 'below' });
    expect(gaugeNeedle(null)).toBeNull();
    expect(gaugeNeedle(Number.NaN)).toBeNull();
  });

  it('renders the marks, and the overflow marker only beyond the scale', () => {
    const render = (ratio: number | null) => renderToStaticMarkup(createElement(RssGauge, { ratio, bytes: 1024, health: 'high' }));
    const over = render(4.7);
    expect(over).toContain('data-testid="gauge-overflow" data-side="above">▲ 4.70 beyond scale<');
    expect(over).toContain('aria-label="RSS fragmentation ratio 4.70, beyond the gauge&#x27;s maximum"');
    expect(over.match(/data-testid="gauge-mark"/g)).toHaveLength(5);
    for (const label of ['0.5', '1.0', '1.5', '2.0', '3.0']) expect(over).toContain(`>${label}</text>`);
    expect(render(2.4)).not.toContain('gauge-overflow');
    expect(render(0.3)).toContain('▼ 0.30 below scale');
    expect(render(null)).not.toContain('gauge-overflow');
  });
});
