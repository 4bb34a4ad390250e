import { describe, expect, it } from 'vitest';
import { DEFRAG_PARAMS, findParam } from './catalogue';
import { parseParamValue } from './parse-value';
import { CONFIG_PRESETS, PRESET_IDS, findPreset, presetChanges } from './presets';
import { validateChanges } from './validate';

const REDIS_70 = { engine: 'redis', version: '7.0.15' } as const;
const VALKEY_81 = { engine: 'valkey', version: '8.1.1' } as const;
const MB = 1024 * 1024;

describe('presets', () => {
  it('has the four presets in order', () => {
    expect(CONFIG_PRESETS.map((p) => p.id)).toEqual([...PRESET_IDS]);
    expect(PRESET_IDS).toEqual(['low-latency', 'memory-constrained', 'large-keys', 'defaults']);
  });

  it('holds the agreed values', () => {
    expect(findPreset('low-latency')?.values).toEqual({
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '10',
      'active-defrag-max-scan-fields': '500',
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
    });
    expect(findPreset('memory-constrained')?.values).toEqual({
      'active-defrag-ignore-bytes': String(50 * MB),
      'active-defrag-threshold-lower': '5',
      'active-defrag-threshold-upper': '50',
      'active-defrag-cycle-min': '10',
      'active-defrag-cycle-max': '50',
    });
    expect(findPreset('large-keys')?.values).toEqual({
      'active-defrag-max-scan-fields': '100',
      'active-defrag-cycle-min': '5',
      'active-defrag-cycle-max': '25',
      'active-defrag-ignore-bytes': '209715200',
    });
    expect(findPreset('defaults')?.values).toEqual(Object.fromEntries(DEFRAG_PARAMS.map((p) => [p.name, p.defaultValue])));
  });

  it('only the defaults preset touches activedefrag, and switches it off', () => {
    for (const p of CONFIG_PRESETS) {
      expect('activedefrag' in p.values, p.id).toBe(p.id === 'defaults');
    }
    expect(findPreset('defaults')?.values.activedefrag).toBe('no');
  });

  it('every value is Redis-ready: known parameter, already in normalised form', () => {
    for (const preset of CONFIG_PRESETS) {
      for (const [name, value] of Object.entries(preset.values)) {
        const spec = findParam(name);
        expect(spec, `${preset.id} ${name}`).toBeDefined();
        if (spec) expect(parseParamValue(spec, value), `${preset.id} ${name}`).toEqual({ ok: true, value });
      }
      expect(preset.label.length).toBeGreaterThan(3);
      expect(preset.description.length).toBeGreaterThan(20);
    }
  });

  it('every preset passes the cross-field rules from a server at its defaults', () => {
    const defaults = { ...Object.fromEntries(DEFRAG_PARAMS.map((p) => [p.name, p.defaultValue])), activedefrag: 'yes' };
    for (const id of PRESET_IDS) {
      const changes = presetChanges(id, VALKEY_81) ?? {};
      expect(validateChanges(changes, defaults, VALKEY_81).ok, id).toBe(true);
    }
  });

  it('an unknown id has no preset', () => {
    expect(findPreset('turbo')).toBeUndefined();
    expect(presetChanges('turbo', VALKEY_81)).toBeNull();
  });
});

describe('presetChanges per server', () => {
  it('gives cycle-us to the defaults preset only where the server has it', () => {
    expect(presetChanges('defaults', VALKEY_81)?.['active-defrag-cycle-us']).toBe('500');
    const redis = presetChanges('defaults', REDIS_70) ?? {};
    expect('active-defrag-cycle-us' in redis).toBe(false);
    expect(Object.keys(redis)).toHaveLength(7);
  });

  it('drops parameters the server did not report', () => {
    const reported = new Set(['active-defrag-cycle-min', 'active-defrag-cycle-max', 'active-defrag-threshold-lower']);
    expect(presetChanges('low-latency', REDIS_70, reported)).toEqual({
      'active-defrag-threshold-lower': '10',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '10',
    });
  });

  it('returns values in catalogue order', () => {
    expect(Object.keys(presetChanges('large-keys', REDIS_70) ?? {})).toEqual([
      'active-defrag-ignore-bytes',
      'active-defrag-cycle-min',
      'active-defrag-cycle-max',
      'active-defrag-max-scan-fields',
    ]);
  });
});
