import { describe, expect, it } from 'vitest';
import { defaultConfig, MB } from './snapshot.test-support';
import { activedefragOverride, bytesToInput, inputsFromConfig, parseWhatIf } from './what-if';

const base = defaultConfig();

describe('what-if inputs', () => {
  it('prefills from the config, ignore-bytes in units', () => {
    expect(inputsFromConfig(base)).toEqual({
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
      'active-defrag-ignore-bytes': '100mb',
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '25',
    });
    expect(bytesToInput(1536)).toBe('1536');
    expect(bytesToInput(2 * 1024 ** 3)).toBe('2gb');
  });

  it('returns only changed values as overrides', () => {
    const r = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-ignore-bytes': '10mb', 'active-defrag-cycle-max': '75' }, base);
    expect(r).toEqual({ overrides: { 'active-defrag-ignore-bytes': 10 * MB, 'active-defrag-cycle-max': 75 }, fieldErrors: {}, problems: [], valid: true });
  });

  it('an empty input keeps the current value', () => {
    const r = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-threshold-lower': '  ' }, base);
    expect(r.overrides).toEqual({});
    expect(r.valid).toBe(true);
  });

  it('reports field errors and leaves the bad field out', () => {
    const r = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-cycle-max': '100', 'active-defrag-ignore-bytes': '0' }, base);
    expect(r.fieldErrors['active-defrag-cycle-max']).toBe('Must be between 1 and 99 inclusive.');
    expect(r.fieldErrors['active-defrag-ignore-bytes']).toBe('Must be at least 1 byte.');
    expect(r.overrides).toEqual({});
    expect(r.valid).toBe(false);
  });

  it('flags cross-field combinations Redis accepts but should not get, still passing them through', () => {
    const eq = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-threshold-upper': '10' }, base);
    expect(eq.problems[0]).toMatch(/divide by zero/);
    expect(eq.overrides).toEqual({ 'active-defrag-threshold-upper': 10 });
    expect(eq.valid).toBe(false);
    const inverted = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-threshold-lower': '50', 'active-defrag-threshold-upper': '20' }, base);
    expect(inverted.problems[0]).toMatch(/below threshold-lower/);
    const cycles = parseWhatIf({ ...inputsFromConfig(base), 'active-defrag-cycle-min': '30', 'active-defrag-cycle-max': '10' }, base);
    expect(cycles.problems[0]).toMatch(/cycle-min is above cycle-max/);
  });
});

describe('what-if activedefrag', () => {
  it('overrides only a change from the server value', () => {
    const off = defaultConfig({ activedefrag: false });
    expect(activedefragOverride('', off)).toEqual({});
    expect(activedefragOverride('no', off)).toEqual({});
    expect(activedefragOverride('yes', off)).toEqual({ activedefrag: true });
    expect(activedefragOverride('no', defaultConfig({ activedefrag: true }))).toEqual({ activedefrag: false });
  });
});
