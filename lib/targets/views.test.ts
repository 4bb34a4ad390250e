import { describe, expect, it } from 'vitest';
import { parseTargetView, targetViewHref } from './views';

describe('target views', () => {
  it('reads a known view and falls back to the overview for anything else', () => {
    expect(parseTargetView('audit')).toBe('audit');
    expect(parseTargetView(undefined)).toBe('overview');
    expect(parseTargetView('nosuch')).toBe('overview');
    expect(parseTargetView(['audit', 'config'])).toBe('overview');
  });

  it('builds bookmarkable links that keep /?target= for the overview', () => {
    expect(targetViewHref('cache eu', 'overview')).toBe('/?target=cache%20eu');
    expect(targetViewHref('main', 'windows')).toBe('/?target=main&view=windows');
  });
});
