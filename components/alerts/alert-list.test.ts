import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '@/lib/alerts/state';
import { AlertList } from './alert-list';

const NOW = Date.UTC(2026, 0, 2, 3, 10, 0);
const down: ActiveAlert = {
  targetId: 'cache-1',
  rule: 'target-down',
  severity: 'critical',
  title: 'Target down',
  since: NOW - 125_000,
  firedAt: NOW - 95_000,
  value: 125,
  message: 'no good sample for 2 min 5 s: connect ECONNREFUSED',
};
const ratio: ActiveAlert = {
  ...down,
  rule: 'rss-ratio-high',
  severity: 'warning',
  title: 'RSS fragmentation ratio high',
  since: NOW - 16 * 60_000,
  message: 'mem_fragmentation_ratio is 2.77, above 2',
};

const render = (props: Partial<Parameters<typeof AlertList>[0]>) =>
  renderToStaticMarkup(createElement(AlertList, { alerts: [], now: NOW, showTarget: false, problem: null, ...props }));

describe('AlertList', () => {
  it('each alert: a word beside the colour, the title, how long, the message, a test id per rule', () => {
    const html = render({ alerts: [down, ratio], showTarget: true });
    expect(html).toContain('data-testid="active-alerts" data-count="2"');
    expect(html).toMatch(/data-testid="alert-target-down" data-target="cache-1" data-severity="critical"/);
    expect(html).toContain('CRITICAL');
    expect(html).toContain('Target down');
    expect(html).toContain('on cache-1');
    expect(html).toContain('for 2 min 5 s');
    expect(html).toContain(`title="${new Date(down.since).toISOString()}"`);
    expect(html).toContain('connect ECONNREFUSED');
    expect(html).toMatch(/data-testid="alert-rss-ratio-high"[^>]*data-severity="warning"/);
    expect(html).toContain('WARNING');
    expect(html).toContain('for 16 min 0 s');
  });

  it('says so when nothing fires; shows a failure beside the last answer; the target only when asked', () => {
    expect(render({ alerts: [] })).toContain('✓ no active alerts');
    const failed = render({ alerts: [down], problem: 'HTTP 500' });
    expect(failed).toContain('⚠ Alerts unavailable: HTTP 500');
    expect(failed).toContain('alert-target-down');
    expect(failed).not.toContain('on cache-1');
    expect(render({ alerts: null })).not.toContain('no active alerts');
  });
});
