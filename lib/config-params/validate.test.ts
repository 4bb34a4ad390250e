import { describe, expect, it } from 'vitest';
import { DEFRAG_PARAMS } from './catalogue';
import type { RawValue } from './parse-value';
import { validateChanges, type ValidationResult } from './validate';
import type { CurrentConfig } from './values';
import type { ServerIdentity } from '../snapshot';

type ServerRef = Pick<ServerIdentity, 'engine' | 'version'>;

const REDIS_70 = { engine: 'redis', version: '7.0.15' } as const;
const VALKEY_81 = { engine: 'valkey', version: '8.1.1' } as const;

/** A fresh server's config with defrag on (what CONFIG GET returns). */
function current(patch: CurrentConfig = {}): CurrentConfig {
  return { ...Object.fromEntries(DEFRAG_PARAMS.map((p) => [p.name, p.defaultValue])), activedefrag: 'yes', ...patch };
}

function errorsOf(r: ValidationResult): Record<string, string> {
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r)}`);
  return r.errors;
}
function okOf(r: ValidationResult) {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r;
}
const run = (changes: Record<string, RawValue>, cur: CurrentConfig = current(), server: ServerRef = VALKEY_81) => validateChanges(changes, cur, server);

describe('normalisation', () => {
  it('sends only what differs, Redis-ready, and lists the rest as noop', () => {
    const r = okOf(
      run({
        activedefrag: true, // already yes
        'active-defrag-ignore-bytes': '200mb',
        'active-defrag-cycle-max': 50,
        'active-defrag-cycle-min': '1', // already 1
      }),
    );
    expect(r.normalized).toEqual({ 'active-defrag-ignore-bytes': '209715200', 'active-defrag-cycle-max': '50' });
    expect(r.noop.sort()).toEqual(['active-defrag-cycle-min', 'activedefrag']);
  });

  it('recognises the same value in another spelling as noop', () => {
    const r = okOf(run({ 'active-defrag-ignore-bytes': '100mb', activedefrag: 'YES', 'active-defrag-cycle-max': '30' }));
    expect(r.noop.sort()).toEqual(['active-defrag-ignore-bytes', 'activedefrag']);
    expect(r.normalized).toEqual({ 'active-defrag-cycle-max': '30' });
  });

  it('treats a value over an unknown current value as a change', () => {
    const r = okOf(run({ 'active-defrag-cycle-max': '25' }, current({ 'active-defrag-cycle-max': null })));
    expect(r.normalized).toEqual({ 'active-defrag-cycle-max': '25' });
    expect(r.noop).toEqual([]);
  });

  it('returns the effective config for the parameters this server has', () => {
    const r = okOf(run({ 'active-defrag-cycle-max': 50 }, current({ 'active-defrag-threshold-lower': null }), REDIS_70));
    expect(r.effective).toEqual({
      activedefrag: 'yes',
      'active-defrag-ignore-bytes': '104857600',
      'active-defrag-threshold-lower': null,
      'active-defrag-threshold-upper': '100',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '50',
      'active-defrag-max-scan-fields': '1000',
    });
    expect(okOf(run({ 'active-defrag-cycle-us': 1000 })).effective['active-defrag-cycle-us']).toBe('1000');
  });
});

describe('nothing to change', () => {
  it('refuses an empty change', () => {
    expect(errorsOf(run({}))).toEqual({ _form: 'Nothing to change: no parameters were given.' });
  });

  it('refuses a change where every value is already set, naming them', () => {
    expect(errorsOf(run({ activedefrag: 'yes', 'active-defrag-cycle-max': 25 }))).toEqual({
      _form: 'Nothing to change: activedefrag, active-defrag-cycle-max already have the requested values.',
    });
    expect(errorsOf(run({ activedefrag: 'yes' }))._form).toBe('Nothing to change: activedefrag already has the requested value.');
  });

  it('reports field errors rather than "nothing to change" when both apply', () => {
    expect(errorsOf(run({ activedefrag: 'yes', 'active-defrag-cycle-max': 0 }))).toEqual({
      'active-defrag-cycle-max': 'Must be between 1 and 99 inclusive.',
    });
  });
});

describe('per-parameter errors', () => {
  it('reports every invalid parameter at once', () => {
    const errors = errorsOf(
      run(
        {
          maxmemory: '1gb',
          activedefrag: 'on',
          'active-defrag-cycle-us': 1000,
          'active-defrag-ignore-bytes': '1.5gb',
          'active-defrag-threshold-lower': 1001,
          'active-defrag-cycle-min': 10, // valid: must not appear
        },
        current(),
        REDIS_70,
      ),
    );
    expect(Object.keys(errors).sort()).toEqual([
      'active-defrag-cycle-us',
      'active-defrag-ignore-bytes',
      'active-defrag-threshold-lower',
      'activedefrag',
      'maxmemory',
    ]);
    expect(errors['maxmemory']).toBe('"maxmemory" is not an active-defrag parameter');
    expect(errors['active-defrag-cycle-us']).toBe('active-defrag-cycle-us needs Valkey 8.1 or later; this server is redis 7.0.15');
    expect(errors['activedefrag']).toMatch(/yes or no/);
    expect(errors['active-defrag-threshold-lower']).toBe('Must be between 0 and 1000 inclusive.');
  });

  it('refuses parameters the server did not report', () => {
    const reported = new Set(['activedefrag', 'active-defrag-cycle-max']);
    const r = validateChanges({ 'active-defrag-cycle-max': 30, 'active-defrag-cycle-min': 5 }, current(), VALKEY_81, reported);
    expect(Object.keys(errorsOf(r))).toEqual(['active-defrag-cycle-min']);
    expect(okOf(validateChanges({ 'active-defrag-cycle-max': 30 }, current(), VALKEY_81, reported)).effective).toEqual({
      activedefrag: 'yes',
      'active-defrag-cycle-max': '30',
    });
  });

  it('keeps a hostile "__proto__" name as an ordinary error entry', () => {
    const changes = JSON.parse('{"__proto__": "x", "active-defrag-cycle-max": 30}') as Record<string, RawValue>;
    const errors = errorsOf(run(changes));
    expect(Object.prototype.hasOwnProperty.call(errors, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(errors)).toBe(Object.prototype);
  });
});

describe('cross-field rule: cycle-min <= cycle-max', () => {
  const MIN = 'active-defrag-cycle-min';
  const MAX = 'active-defrag-cycle-max';

  it('touching only cycle-min: compared with the current cycle-max, error on cycle-min only', () => {
    const errors = errorsOf(run({ [MIN]: 30 }));
    expect(Object.keys(errors)).toEqual([MIN]);
    expect(errors[MIN]).toMatch(/cycle-min \(30 %\) is above cycle-max \(25 %\)/);
  });

  it('touching only cycle-max: error on cycle-max only', () => {
    const errors = errorsOf(run({ [MAX]: 5 }, current({ [MIN]: '10' })));
    expect(Object.keys(errors)).toEqual([MAX]);
  });

  it('touching both: error on both', () => {
    const errors = errorsOf(run({ [MIN]: 40, [MAX]: 30 }));
    expect(Object.keys(errors).sort()).toEqual([MAX, MIN]);
    expect(errors[MIN]).toBe(errors[MAX]);
  });

  it('touching both into a valid order passes even though each alone would not', () => {
    expect(okOf(run({ [MIN]: 40, [MAX]: 60 })).normalized).toEqual({ [MIN]: '40', [MAX]: '60' });
  });

  it('allows cycle-min equal to cycle-max, refuses one above', () => {
    expect(run({ [MIN]: 25 }).ok).toBe(true);
    expect(Object.keys(errorsOf(run({ [MIN]: 26 })))).toEqual([MIN]);
    expect(Object.keys(errorsOf(run({ [MAX]: 9 }, current({ [MIN]: '10' }))))).toEqual([MAX]);
  });

  it('skips the rule when the other side is unknown', () => {
    expect(run({ [MIN]: 90 }, current({ [MAX]: null })).ok).toBe(true);
  });

  it('does not blame a change that leaves both alone for an existing conflict', () => {
    expect(run({ 'active-defrag-max-scan-fields': 500 }, current({ [MIN]: '50', [MAX]: '10' })).ok).toBe(true);
  });

  it('puts the error only on the side that changes when the other is given unchanged', () => {
    const errors = errorsOf(run({ [MIN]: 30, [MAX]: 25 }));
    expect(Object.keys(errors)).toEqual([MIN]);
  });

  it('does not check against the old value of a side the operator got wrong', () => {
    const errors = errorsOf(run({ [MIN]: 50, [MAX]: 'lots' }));
    expect(Object.keys(errors)).toEqual([MAX]);
  });
});

describe('cross-field rule: threshold-lower < threshold-upper', () => {
  const LOWER = 'active-defrag-threshold-lower';
  const UPPER = 'active-defrag-threshold-upper';

  it('touching only threshold-lower up to threshold-upper: refused as a division by zero', () => {
    const errors = errorsOf(run({ [LOWER]: 100 }));
    expect(Object.keys(errors)).toEqual([LOWER]);
    expect(errors[LOWER]).toMatch(/must differ from threshold-lower \(both 100 %\).*divide by zero/);
  });

  it('touching only threshold-upper below threshold-lower: refused, effort never scales', () => {
    const errors = errorsOf(run({ [UPPER]: 5 }));
    expect(Object.keys(errors)).toEqual([UPPER]);
    expect(errors[UPPER]).toMatch(/threshold-upper \(5 %\) is below threshold-lower \(10 %\).*never scales/);
  });

  it('touching both: error on both, equal values included', () => {
    expect(Object.keys(errorsOf(run({ [LOWER]: 50, [UPPER]: 20 }))).sort()).toEqual([LOWER, UPPER]);
    expect(Object.keys(errorsOf(run({ [LOWER]: 30, [UPPER]: 30 }))).sort()).toEqual([LOWER, UPPER]);
  });

  it('touching both into a valid order passes', () => {
    expect(okOf(run({ [LOWER]: 200, [UPPER]: 300 })).normalized).toEqual({ [LOWER]: '200', [UPPER]: '300' });
  });

  it('allows lower just below upper, refuses it just above', () => {
    expect(run({ [LOWER]: 99 }).ok).toBe(true);
    expect(run({ [UPPER]: 11 }).ok).toBe(true);
    expect(errorsOf(run({ [LOWER]: 101 }))[LOWER]).toMatch(/threshold-upper \(100 %\) is below threshold-lower \(101 %\)/);
    expect(errorsOf(run({ [UPPER]: 9 }))[UPPER]).toMatch(/below threshold-lower/);
  });

  it('skips the rule when the other side is unknown', () => {
    expect(run({ [LOWER]: 500 }, current({ [UPPER]: null })).ok).toBe(true);
    expect(run({ [UPPER]: 0 }, current({ [LOWER]: null })).ok).toBe(true);
  });

  it('does not blame a change that leaves both alone for an existing conflict', () => {
    expect(run({ [`active-defrag-cycle-max`]: 30 }, current({ [LOWER]: '50', [UPPER]: '20' })).ok).toBe(true);
  });

  it('reports both rules at once', () => {
    const errors = errorsOf(run({ [LOWER]: 100, 'active-defrag-cycle-min': 30 }));
    expect(Object.keys(errors).sort()).toEqual(['active-defrag-cycle-min', LOWER]);
  });
});
