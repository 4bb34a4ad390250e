import { describe, expect, it } from 'vitest';
import { STORED_SERIES } from '../history/series';
import { ALL_INFO_FIELDS } from '../snapshot';
import { FIGURES, FIGURE_NAMES, momentFromBaseline, momentFromFigures, momentFromSnapshot } from './moment';
import { LAB_AFTER, labSnapshot, MB, T0 } from './moments.test-support';

describe('FIGURES', () => {
  it('lists the eleven compared figures in report order', () => {
    expect(FIGURE_NAMES).toEqual([
      'used_memory_rss',
      'used_memory',
      'mem_fragmentation_ratio',
      'mem_fragmentation_bytes',
      'allocator_frag_ratio',
      'allocator_frag_bytes',
      'active_defrag_hits',
      'active_defrag_misses',
      'active_defrag_key_hits',
      'active_defrag_key_misses',
      'total_active_defrag_time',
    ]);
  });

  it('uses only INFO fields a snapshot holds and columns the history stores', () => {
    // The run-end moment is built from history columns: a figure the history lacks would always be null there.
    const stored: readonly string[] = STORED_SERIES.map((s) => s.name);
    for (const name of FIGURE_NAMES) {
      expect(ALL_INFO_FIELDS).toContain(name);
      expect(stored).toContain(name);
    }
  });

  it('gives ratios toward-one, RSS and fragmentation bytes down, hits up', () => {
    const better = Object.fromEntries(FIGURES.map((f) => [f.name, `${f.kind}/${f.better}`]));
    expect(better).toMatchObject({
      used_memory_rss: 'bytes/down',
      used_memory: 'bytes/none',
      mem_fragmentation_ratio: 'ratio/toward-one',
      allocator_frag_bytes: 'bytes/down',
      active_defrag_hits: 'count/up',
      active_defrag_misses: 'count/none',
      total_active_defrag_time: 'ms/none',
    });
  });
});

describe('momentFromSnapshot', () => {
  it('takes time, target, run id and every figure from the snapshot', () => {
    const snapshot = labSnapshot(LAB_AFTER, { at: T0 + 5, server: { runId: 'abc' } });
    const moment = momentFromSnapshot(snapshot, 'now');
    expect(moment).toMatchObject({ at: T0 + 5, label: 'now', targetId: 'lab', runId: 'abc' });
    expect(moment.figures.used_memory_rss).toBe(132 * MB);
    expect(moment.figures.active_defrag_hits).toBe(1_500_000);
    expect(moment.figures.total_active_defrag_time).toBe(38_500);
    expect(Object.keys(moment.figures)).toEqual(FIGURE_NAMES);
  });

  it('keeps a figure the server does not report as null (Redis 6: no total_active_defrag_time)', () => {
    const moment = momentFromSnapshot(labSnapshot(LAB_AFTER, { info: { total_active_defrag_time: null }, server: { runId: null } }), 'x');
    expect(moment.figures.total_active_defrag_time).toBeNull();
    expect(moment.runId).toBeNull();
  });
});

describe('momentFromFigures', () => {
  it('fills figures the history row lacks with null and drops non-finite values', () => {
    const moment = momentFromFigures(T0, 'end of run', 'lab', null, {
      used_memory_rss: 132 * MB,
      allocator_frag_ratio: Number.NaN,
      active_defrag_hits: 1_500_000,
    });
    expect(moment).toMatchObject({ at: T0, label: 'end of run', targetId: 'lab', runId: null });
    expect(moment.figures.used_memory_rss).toBe(132 * MB);
    expect(moment.figures.allocator_frag_ratio).toBeNull();
    expect(moment.figures.used_memory).toBeNull();
    expect(Object.keys(moment.figures)).toEqual(FIGURE_NAMES);
  });

  it('ignores extra history columns', () => {
    const values = { used_memory: 62 * MB, poll_rtt_ms: 1.2, threshold_lower: 10 };
    const moment = momentFromFigures(T0, 'x', 'lab', 'r1', values);
    expect(Object.keys(moment.figures)).toEqual(FIGURE_NAMES);
    expect(moment.figures.used_memory).toBe(62 * MB);
  });
});

describe('momentFromBaseline', () => {
  it("labels the moment with the baseline's name", () => {
    const snapshot = labSnapshot(LAB_AFTER, { at: T0 });
    const moment = momentFromBaseline({ id: 'b1', targetId: 'lab', name: 'pre-window', note: null, at: T0, takenBy: 'alice', trigger: 'manual', snapshot });
    expect(moment.label).toBe('pre-window');
    expect(moment.figures.allocator_frag_ratio).toBe(1.06);
  });
});
