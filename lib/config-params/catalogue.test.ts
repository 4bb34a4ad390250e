import { describe, expect, it } from 'vitest';
import { DEFRAG_PARAM_NAMES, DEFRAG_PARAMS, availableParams, findParam, isDefragParam, paramSpec, unavailableReason } from './catalogue';
import { parseParamValue } from './parse-value';

const REDIS_70 = { engine: 'redis', version: '7.0.15' } as const;
const REDIS_80 = { engine: 'redis', version: '8.0.2' } as const;
const VALKEY_81 = { engine: 'valkey', version: '8.1.1' } as const;
const VALKEY_80 = { engine: 'valkey', version: '8.0.0' } as const;
const UNKNOWN = { engine: null, version: null } as const;

const WITHOUT_CYCLE_US = DEFRAG_PARAM_NAMES.filter((n) => n !== 'active-defrag-cycle-us');
const names = (specs: ReturnType<typeof availableParams>) => specs.map((p) => p.name);

describe('catalogue', () => {
  it('paramSpec gives the one spec of every parameter, ranges included', () => {
    for (const name of DEFRAG_PARAM_NAMES) expect(paramSpec(name)).toBe(findParam(name));
    expect(paramSpec('active-defrag-cycle-min')).toMatchObject({ min: 1, max: 99 });
    expect(paramSpec('active-defrag-threshold-upper')).toMatchObject({ min: 0, max: 1000 });
  });

  it('lists the eight parameters in editor order, with the names as the list', () => {
    expect(DEFRAG_PARAMS.map((p) => p.name)).toEqual([...DEFRAG_PARAM_NAMES]);
    expect(DEFRAG_PARAM_NAMES).toHaveLength(8);
  });

  it("carries Redis's defaults as Redis-ready strings (facts §4)", () => {
    expect(Object.fromEntries(DEFRAG_PARAMS.map((p) => [p.name, p.defaultValue]))).toEqual({
      activedefrag: 'no',
      'active-defrag-ignore-bytes': '104857600',
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '25',
      'active-defrag-max-scan-fields': '1000',
      'active-defrag-cycle-us': '500',
    });
  });

  it("carries Redis's ranges, 2^63-1 capped at the largest exact JS integer", () => {
    const ranges = Object.fromEntries(DEFRAG_PARAMS.filter((p) => p.kind !== 'bool').map((p) => [p.name, [p.min, p.max]]));
    expect(ranges).toEqual({
      'active-defrag-ignore-bytes': [1, Number.MAX_SAFE_INTEGER],
      'active-defrag-threshold-lower': [0, 1000],
      'active-defrag-threshold-upper': [0, 1000],
      'active-defrag-cycle-min': [1, 99],
      'active-defrag-cycle-max': [1, 99],
      'active-defrag-max-scan-fields': [1, Number.MAX_SAFE_INTEGER],
      'active-defrag-cycle-us': [0, 100_000],
    });
  });

  it('every default passes its own parameter rules unchanged', () => {
    for (const p of DEFRAG_PARAMS) expect(parseParamValue(p, p.defaultValue), p.name).toEqual({ ok: true, value: p.defaultValue });
  });

  it('gives every parameter a label and a one-sentence help that mentions its cost', () => {
    for (const p of DEFRAG_PARAMS) {
      expect(p.label.length, p.name).toBeGreaterThan(3);
      expect(p.help, p.name).toMatch(/^[A-Z].*\.$/);
      expect(p.help.split('. ').length, p.name).toBe(1);
      expect(p.help, p.name).toMatch(/CPU|latency|event loop/);
    }
  });

  it('finds parameters by name only', () => {
    expect(findParam('active-defrag-cycle-max')?.kind).toBe('percent');
    expect(findParam('maxmemory')).toBeUndefined();
    expect(isDefragParam('activedefrag')).toBe(true);
    expect(isDefragParam('ACTIVEDEFRAG')).toBe(false);
    expect(isDefragParam('toString')).toBe(false);
  });
});

describe('availableParams: version gate', () => {
  it.each([
    ['redis 7.0.15', REDIS_70, WITHOUT_CYCLE_US],
    ['redis 8.0.2', REDIS_80, WITHOUT_CYCLE_US],
    ['valkey 8.0.0', VALKEY_80, WITHOUT_CYCLE_US],
    ['valkey 8.1.1', VALKEY_81, [...DEFRAG_PARAM_NAMES]],
    ['valkey 9.0.0', { engine: 'valkey', version: '9.0.0' } as const, [...DEFRAG_PARAM_NAMES]],
    ['unknown engine', UNKNOWN, WITHOUT_CYCLE_US],
    ['unknown engine with a version', { engine: null, version: '8.1.1' } as const, WITHOUT_CYCLE_US],
    ['valkey, version unknown', { engine: 'valkey', version: null } as const, WITHOUT_CYCLE_US],
  ])('%s', (_label, server, expected) => {
    expect(names(availableParams(server))).toEqual(expected);
  });

  it('explains a gated parameter with the server it found', () => {
    expect(unavailableReason('active-defrag-cycle-us', REDIS_70)).toBe('active-defrag-cycle-us needs Valkey 8.1 or later; this server is redis 7.0.15');
    expect(unavailableReason('active-defrag-cycle-us', VALKEY_80)).toBe('active-defrag-cycle-us needs Valkey 8.1 or later; this server is valkey 8.0.0');
    expect(unavailableReason('active-defrag-cycle-us', UNKNOWN)).toBe("active-defrag-cycle-us needs Valkey 8.1 or later; this server's engine is unknown");
    expect(unavailableReason('active-defrag-cycle-us', VALKEY_81)).toBeNull();
  });

  it('refuses names outside the catalogue, shortening absurd ones', () => {
    expect(unavailableReason('maxmemory', VALKEY_81)).toBe('"maxmemory" is not an active-defrag parameter');
    const long = unavailableReason('x'.repeat(500), VALKEY_81) ?? '';
    expect(long.length).toBeLessThan(120);
  });
});

describe('availableParams: reported names', () => {
  it('keeps only what CONFIG GET returned', () => {
    const reported = new Set(['activedefrag', 'active-defrag-cycle-min', 'active-defrag-cycle-max']);
    expect(names(availableParams(REDIS_70, reported))).toEqual(['activedefrag', 'active-defrag-cycle-min', 'active-defrag-cycle-max']);
    expect(unavailableReason('active-defrag-max-scan-fields', REDIS_70, reported)).toMatch(/not reported by this server's CONFIG GET/);
  });

  it('cannot reinstate a parameter the version gate excludes', () => {
    const all = new Set<string>(DEFRAG_PARAM_NAMES);
    expect(names(availableParams(REDIS_70, all))).toEqual(WITHOUT_CYCLE_US);
    expect(unavailableReason('active-defrag-cycle-us', REDIS_70, all)).toMatch(/needs Valkey 8.1/);
  });

  it('an empty report leaves nothing to edit', () => {
    expect(availableParams(VALKEY_81, new Set())).toEqual([]);
  });

  it('ignores reported names outside the catalogue', () => {
    expect(names(availableParams(VALKEY_81, new Set(['maxmemory', 'active-defrag-cycle-us'])))).toEqual(['active-defrag-cycle-us']);
  });
});
