import { describe, expect, it } from 'vitest';
import { findParam } from '@/lib/config-params';
import { currentText, evaluateDraft, overridesToEdits, presetEdits, rangeText } from './draft';
import { makeView } from './view.test-support';

const MB = 1024 * 1024;

describe('evaluateDraft', () => {
  const view = makeView();

  it('an untouched draft, or one retyped to the current text, changes nothing and reports nothing', () => {
    expect(evaluateDraft({}, view)).toMatchObject({ changed: {}, errors: {}, normalized: null, diff: [], raises: [] });
    expect(evaluateDraft({ 'active-defrag-ignore-bytes': ' 100mb ', 'active-defrag-cycle-max': '25' }, view).changed).toEqual({});
  });

  it('lowering cycle-max: valid, a diff row, no confirmation', () => {
    const d = evaluateDraft({ 'active-defrag-cycle-max': '10' }, view);
    expect(d.normalized).toEqual({ 'active-defrag-cycle-max': '10' });
    expect(d.diff).toEqual([{ param: 'active-defrag-cycle-max', before: '25', after: '10', beforeText: '25 %', afterText: '10 %' }]);
    expect(d.raises).toEqual([]);
    expect(d.effective?.['active-defrag-cycle-max']).toBe('10');
  });

  it('raising cycle-max or enabling defrag needs confirmation', () => {
    expect(evaluateDraft({ 'active-defrag-cycle-max': '50' }, view).raises).toHaveLength(1);
    expect(evaluateDraft({ activedefrag: 'yes' }, view).raises[0]).toContain('activedefrag turns on');
  });

  it('memory units become bytes, and the diff shows them as units', () => {
    const d = evaluateDraft({ 'active-defrag-ignore-bytes': '200mb' }, view);
    expect(d.normalized).toEqual({ 'active-defrag-ignore-bytes': String(200 * MB) });
    expect(d.diff[0]).toMatchObject({ beforeText: '100mb', afterText: '200mb' });
  });

  it('range and cross-field errors are keyed by parameter, as the server keys them', () => {
    expect(evaluateDraft({ 'active-defrag-cycle-max': '100' }, view).errors).toEqual({ 'active-defrag-cycle-max': 'Must be between 1 and 99 inclusive.' });
    const cross = evaluateDraft({ 'active-defrag-cycle-min': '30' }, view);
    expect(cross.errors['active-defrag-cycle-min']).toContain('cycle-min (30 %) is above cycle-max (25 %)');
    expect(cross.normalized).toBeNull();
    expect(evaluateDraft({ 'active-defrag-threshold-upper': '10' }, view).errors['active-defrag-threshold-upper']).toContain('must differ');
  });

  it('a spelling of the current value is a no-op, reported for the whole form', () => {
    expect(evaluateDraft({ 'active-defrag-ignore-bytes': '104857600' }, view).errors._form).toContain('Nothing to change');
  });

  it('ignores edits of parameters this server does not have', () => {
    expect(evaluateDraft({ 'active-defrag-cycle-us': '900' }, view).changed).toEqual({});
  });
});

describe('presets and carried values', () => {
  it('a preset fills only what the server has, as input text', () => {
    expect(presetEdits('large-keys', makeView())).toEqual({
      'active-defrag-max-scan-fields': '100',
      'active-defrag-cycle-min': '5',
      'active-defrag-cycle-max': '25',
      'active-defrag-ignore-bytes': '200mb',
    });
    expect(presetEdits('defaults', makeView())).not.toHaveProperty('active-defrag-cycle-us');
    expect(presetEdits('nope', makeView())).toBeNull();
  });

  it('low-latency lowers cycle-max 25 -> 10 without needing confirmation', () => {
    const view = makeView();
    const d = evaluateDraft(presetEdits('low-latency', view)!, view);
    expect(d.diff.map((r) => r.param)).toEqual(['active-defrag-cycle-max', 'active-defrag-max-scan-fields']);
    expect(d.raises).toEqual([]);
  });

  it('what-if overrides become input text', () => {
    expect(overridesToEdits({ 'active-defrag-ignore-bytes': 1 * MB, 'active-defrag-cycle-max': 40, activedefrag: true })).toEqual({
      'active-defrag-ignore-bytes': '1mb',
      'active-defrag-cycle-max': '40',
      activedefrag: 'yes',
    });
  });
});

describe('texts', () => {
  it('shows bytes with units and unknown as empty', () => {
    expect(currentText(makeView(), 'active-defrag-ignore-bytes')).toBe('100mb');
    expect(currentText(makeView({ values: {} }), 'active-defrag-cycle-max')).toBe('');
  });

  it('names each range', () => {
    expect(rangeText(findParam('active-defrag-cycle-max')!)).toBe('1–99 % CPU');
    expect(rangeText(findParam('active-defrag-threshold-lower')!)).toBe('0–1000 % fragmentation');
    expect(rangeText(findParam('activedefrag')!)).toBe('yes or no');
  });
});
