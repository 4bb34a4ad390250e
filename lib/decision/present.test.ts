import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { cpuText, formatConditionValue, livePathEnd, nodeState } from './present';
import { makeSnapshot, MB, withFrag } from './snapshot.test-support';

describe('present', () => {
  it('maps pass to node state', () => {
    expect([nodeState(true), nodeState(false), nodeState(null)]).toEqual(['pass', 'fail', 'unknown']);
  });

  it('formats values per condition', () => {
    expect(formatConditionValue('enabled', true)).toBe('yes');
    expect(formatConditionValue('supported', false)).toBe('no');
    expect(formatConditionValue('no-fork-child', 'BGSAVE')).toBe('BGSAVE');
    expect(formatConditionValue('frag-pct', 39.9)).toBe('39.9%');
    expect(formatConditionValue('frag-bytes', 200 * MB)).toBe('200 MiB');
    expect(formatConditionValue('frag-bytes', null)).toBe('unknown');
  });

  it('live path ends at the blocking node', () => {
    expect(livePathEnd(decide(makeSnapshot()))).toBe(5);
    expect(livePathEnd(decide(makeSnapshot({ info: { rdb_bgsave_in_progress: 1 } })))).toBe(2);
  });

  it('cpu text per verdict', () => {
    expect(cpuText(decide(makeSnapshot()))).toBe('25% CPU');
    expect(cpuText(decide(makeSnapshot({ server: { version: '8.0.2' } })))).toBe('≤ 25% CPU');
    expect(cpuText(decide(makeSnapshot({ config: { activedefrag: false } })))).toBe('no CPU');
    expect(cpuText(decide(makeSnapshot({ info: { active_defrag_running: 25 } })))).toBe('at 25% CPU');
    expect(cpuText(decide(makeSnapshot({ info: { active_defrag_running: 25 } }), { 'active-defrag-cycle-max': 5 }))).toBe('at 25% CPU (next check: 5% CPU)');
    expect(cpuText(decide(makeSnapshot(), { 'active-defrag-threshold-upper': 10 }))).toBe('effort undefined (threshold-upper = threshold-lower)');
    expect(cpuText(decide(makeSnapshot({ derived: { defragSupported: null }, config: { activedefrag: false } }), { activedefrag: true }))).toBe(
      'if it runs: 25% CPU',
    );
    expect(cpuText(decide(makeSnapshot({ info: withFrag(50, 200 * MB), config: { 'active-defrag-cycle-max': null } })))).toBe('effort unknown');
  });
});
