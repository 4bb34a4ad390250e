import { describe, expect, it } from 'vitest';
import { applyOverrides, decide } from './decide';
import { explainDisagreement } from './rule-of-thumb';
import { defaultConfig, fragmentedInfo, makeSnapshot, MB, withFrag } from './snapshot.test-support';

describe('edge cases', () => {
  it('unsupported without the server text still explains why', () => {
    const d = decide(makeSnapshot({ derived: { defragSupported: false, defragUnsupportedReason: null } }));
    expect(d.conditions[1]!.explanation).toContain('built without Redis\u2019s bundled jemalloc');
  });

  it('support not probed, jemalloc build: cannot tell, and says the allocator name does not help', () => {
    const d = decide(makeSnapshot({ config: { activedefrag: false }, derived: { defragSupported: null } }));
    expect(d.conditions[1]!.pass).toBeNull();
    expect(d.conditions[1]!.explanation).toContain('mem_allocator jemalloc-5.3.0 cannot tell');
  });

  it('two fork children at once are both named', () => {
    const d = decide(makeSnapshot({ info: { rdb_bgsave_in_progress: 1, module_fork_in_progress: 1 } }));
    expect(d.conditions[2]!.actual).toBe('BGSAVE + module fork');
  });

  it('overrides ignore keys the config does not have', () => {
    const { config, overridden } = applyOverrides(defaultConfig(), { bogus: 1 } as never);
    expect(overridden.size).toBe(0);
    expect(config).toEqual(defaultConfig());
  });

  it('cycle-min > cycle-max at exactly threshold-lower: the C clamp gives cycle-max, and the warning says so', () => {
    const d = decide(makeSnapshot({ info: withFrag(10, 200 * MB), config: { 'active-defrag-cycle-min': 30, 'active-defrag-cycle-max': 10 } }));
    expect(d.cpuPercent).toBe(10);
    expect(d.warnings.join(' ')).toContain('at exactly threshold-lower its clamp returns cycle-max instead');
  });

  it('a failed sample without an error message', () => {
    expect(decide(makeSnapshot({ ok: false })).warnings[0]).toBe('The last sample failed: these figures may be stale.');
  });

  it('no disagreement for below-one without enough fragmentation, nor for unknown health', () => {
    const figures = { fragPct: 2, fragBytes: MB, lower: 10, ignoreBytes: 100 * MB, smallBinsFrag: true };
    expect(explainDisagreement(fragmentedInfo({ mem_fragmentation_ratio: 0.8 }), 'below-one', figures)).toBeNull();
    expect(explainDisagreement(fragmentedInfo(), 'unknown', figures)).toBeNull();
    expect(explainDisagreement(fragmentedInfo(), 'too-small', { ...figures, fragPct: 50, fragBytes: 200 * MB })).toBeNull();
  });
});
