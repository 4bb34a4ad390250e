import { describe, expect, it } from 'vitest';
import { compareMoments, DEFAULT_USED_TOLERANCE_BYTES, type Comparison } from './compare';
import { FIGURES, momentFromFigures, momentFromSnapshot, type FigureName } from './moment';
import { afterMoment, beforeMoment, LAB_AFTER, LAB_BEFORE, LAB_ELAPSED_MS, labSnapshot, MB, T0 } from './moments.test-support';

const row = (c: Comparison, name: FigureName) => {
  const found = c.rows.find((r) => r.name === name);
  if (!found) throw new Error(`no row ${name}`);
  return found;
};

describe('compareMoments: the lab run', () => {
  const comparison = compareMoments(beforeMoment(), afterMoment());

  it('calls it a success and says how much RSS came back', () => {
    expect(comparison.verdict.status).toBe('success');
    expect(comparison.verdict.headline).toBe('Defrag reclaimed 60 MiB of RSS (31.3%); used memory did not change.');
    expect(comparison.verdict.reasons).toEqual([
      'RSS fell by 60 MiB (31.3%), at least the 1.9 MiB needed',
      'fragmentation moved toward 1.0: RSS fragmentation ratio 3.10 → 2.13; allocator fragmentation ratio 2.74 → 1.06',
      'active_defrag_hits rose by 1,500,000',
      'used memory changed by 0 B (0%), within the tolerance of 8 MiB',
    ]);
    expect(comparison.elapsedMs).toBe(LAB_ELAPSED_MS);
  });

  it('returns one row per figure, in FIGURES order, with deltas and relative changes', () => {
    expect(comparison.rows.map((r) => r.name)).toEqual(FIGURES.map((f) => f.name));
    expect(row(comparison, 'used_memory_rss')).toEqual({
      name: 'used_memory_rss',
      label: 'RSS',
      kind: 'bytes',
      before: 192 * MB,
      after: 132 * MB,
      delta: -60 * MB,
      relative: -0.3125,
      improved: true,
    });
    expect(row(comparison, 'allocator_frag_ratio').delta).toBeCloseTo(-1.68, 10);
    expect(row(comparison, 'allocator_frag_ratio').improved).toBe(true);
    // Hits start at 0: a relative change from 0 means nothing.
    expect(row(comparison, 'active_defrag_hits')).toMatchObject({ delta: 1_500_000, relative: null, improved: true });
  });

  it("marks `improved` by each figure's better direction, and null where none is better", () => {
    expect(row(comparison, 'used_memory').improved).toBeNull();
    expect(row(comparison, 'active_defrag_misses').improved).toBeNull();
    expect(row(comparison, 'total_active_defrag_time').improved).toBeNull();
    expect(row(comparison, 'mem_fragmentation_bytes').improved).toBe(true);
    expect(row(comparison, 'allocator_frag_bytes').improved).toBe(true);
    expect(row(comparison, 'active_defrag_key_hits').improved).toBe(true);
  });
});

describe('compareMoments: rows', () => {
  it('treats "toward one" from below as well as from above', () => {
    const before = momentFromFigures(T0, 'a', 'lab', 'r1', { mem_fragmentation_ratio: 0.8, allocator_frag_ratio: 1.0 });
    const after = momentFromFigures(T0 + 1, 'b', 'lab', 'r1', { mem_fragmentation_ratio: 0.95, allocator_frag_ratio: 0.9 });
    const c = compareMoments(before, after);
    expect(row(c, 'mem_fragmentation_ratio').improved).toBe(true);
    expect(row(c, 'allocator_frag_ratio').improved).toBe(false);
  });

  it('leaves delta, relative and improved null when a side is missing (total_active_defrag_time before 7.0)', () => {
    const c = compareMoments(beforeMoment({ info: { total_active_defrag_time: null } }), afterMoment());
    expect(row(c, 'total_active_defrag_time')).toMatchObject({ before: null, after: 38_500, delta: null, relative: null, improved: null });
    expect(row(c, 'active_defrag_hits').improved).toBe(true);
  });

  it('gives a fall of a negative figure a negative relative change', () => {
    const c = compareMoments(beforeMoment({ info: { mem_fragmentation_bytes: -10 * MB } }), afterMoment({ info: { mem_fragmentation_bytes: -20 * MB } }));
    expect(row(c, 'mem_fragmentation_bytes').relative).toBe(-1);
  });

  it('marks an unchanged counter as not improved', () => {
    const c = compareMoments(beforeMoment({ info: { active_defrag_hits: 5 } }), afterMoment({ info: { active_defrag_hits: 5 } }));
    expect(row(c, 'active_defrag_hits')).toMatchObject({ delta: 0, relative: 0, improved: false });
  });
});

describe('compareMoments: refusals', () => {
  it('refuses moments of two targets, with no rows', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ targetId: 'other' }));
    expect(c.verdict.status).toBe('different-target');
    expect(c.verdict.headline).toMatch(/^Not compared: .*different targets/);
    expect(c.verdict.reasons).toEqual(['"before maintenance" is from target lab', '"now" is from target other']);
    expect(c.rows).toEqual([]);
  });

  it('refuses the different target even when the order is also wrong', () => {
    const c = compareMoments(afterMoment({ targetId: 'other' }), beforeMoment());
    expect(c.verdict.status).toBe('different-target');
  });

  it('refuses an "after" taken before "before" and says to swap them', () => {
    const c = compareMoments(afterMoment(), beforeMoment());
    expect(c.verdict.status).toBe('reversed');
    expect(c.verdict.headline).toBe('Not compared: "before maintenance" was taken before "now"; swap them.');
    expect(c.verdict.reasons).toEqual(['"now" was taken at 2026-03-14T02:00:42.000Z', '"before maintenance" was taken at 2026-03-14T02:00:00.000Z']);
    expect(c.elapsedMs).toBe(-LAB_ELAPSED_MS);
    expect(c.rows).toEqual([]);
  });

  it('keeps a label that brings its own quotes as it is', () => {
    const c = compareMoments(afterMoment({}, 'baseline "after"'), beforeMoment({}, 'baseline "before"'));
    expect(c.verdict.headline).toBe('Not compared: baseline "before" was taken before baseline "after"; swap them.');
  });

  it('compares two moments at the same instant (nothing changed: no improvement)', () => {
    const c = compareMoments(beforeMoment(), beforeMoment({}, 'again'));
    expect(c.verdict.status).toBe('no-improvement');
    expect(c.elapsedMs).toBe(0);
  });
});

describe('compareMoments: restarts and counter resets', () => {
  it('credits nothing across a restart (run_id changed), but still returns the rows', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ server: { runId: 'r2' } }));
    expect(c.verdict.status).toBe('restarted');
    expect(c.verdict.headline).toBe(
      'The server restarted between "before maintenance" and "now" (run_id changed): a restart resets RSS and the defrag counters, so no change can be credited to defrag.',
    );
    expect(c.verdict.reasons).toEqual(['run_id r1 → r2']);
    expect(c.rows).toHaveLength(FIGURES.length);
    expect(row(c, 'used_memory_rss').delta).toBe(-60 * MB);
  });

  it('calls a restart even when RSS or used memory is missing', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ server: { runId: 'r2' }, info: { used_memory_rss: null } }));
    expect(c.verdict.status).toBe('restarted');
  });

  it('treats counters going backwards as a possible restart when a run_id is unknown', () => {
    const before = beforeMoment({ info: { active_defrag_hits: 2_000_000 } });
    // The history keeps no run_id: the end of a run is built with runId null.
    const after = momentFromFigures(T0 + 60_000, 'end of run', 'lab', null, { ...LAB_AFTER, active_defrag_hits: 1_500_000 });
    const c = compareMoments(before, after);
    expect(c.verdict.status).toBe('restarted');
    expect(c.verdict.reasons).toEqual([
      'counters were reset (CONFIG RESETSTAT?) or the server restarted: active_defrag_hits fell from 2,000,000 to 1,500,000',
      'the run_id of "end of run" is unknown, so a restart cannot be ruled out',
    ]);
    expect(c.rows).toHaveLength(FIGURES.length);
  });

  it('with the same run_id, a counter reset blocks success: CONFIG RESETSTAT, not defrag evidence', () => {
    const c = compareMoments(beforeMoment({ info: { active_defrag_hits: 2_000_000 } }), afterMoment({ info: { active_defrag_hits: 1_500_000 } }));
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.headline).toBe(
      "RSS fell by 60 MiB (31.3%), but it cannot be credited to defrag: counters were reset (CONFIG RESETSTAT?): active_defrag_hits fell from 2,000,000 to 1,500,000, so defrag's work between the two moments cannot be counted.",
    );
  });

  it('notices a reset from any cumulative counter, not only the hits', () => {
    const c = compareMoments(beforeMoment({ info: { active_defrag_misses: 50_000 } }), afterMoment());
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.reasons[0]).toContain('counters were reset (CONFIG RESETSTAT?): active_defrag_misses fell from 50,000 to 21,400');
  });

  it('with a reset and no RSS fall, says no improvement and names both', () => {
    const c = compareMoments(beforeMoment({ info: { active_defrag_hits: 2_000_000 } }), afterMoment({ info: { ...LAB_BEFORE, active_defrag_hits: 10 } }));
    expect(c.verdict.status).toBe('no-improvement');
    expect(c.verdict.reasons).toHaveLength(3);
    expect(c.verdict.reasons[0]).toMatch(/^RSS did not change/);
    expect(c.verdict.reasons[2]).toMatch(/^counters were reset \(CONFIG RESETSTAT\?\)/);
  });
});

describe('compareMoments: missing data', () => {
  it('needs RSS and used memory on both sides, and names what is missing', () => {
    const c = compareMoments(beforeMoment({ info: { used_memory: null } }), afterMoment({ info: { used_memory_rss: null } }));
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.headline).toBe('Cannot judge: RSS and used memory are needed on both sides, and some are missing.');
    expect(c.verdict.reasons).toEqual(['used_memory is missing from "before maintenance"', 'used_memory_rss is missing from "now"']);
    expect(c.rows).toHaveLength(FIGURES.length);
  });

  it('is insufficient for a failed sample (ok: false, every figure null)', () => {
    const failed = { ...labSnapshot(LAB_AFTER, { at: T0 + 1000, ok: false, error: 'timeout' }) };
    failed.info = Object.fromEntries(Object.keys(failed.info).map((k) => [k, null])) as typeof failed.info;
    const c = compareMoments(beforeMoment(), momentFromSnapshot(failed, 'failed'));
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.headline).toContain('some are missing');
    expect(c.verdict.reasons).toEqual(['used_memory_rss is missing from "failed"', 'used_memory is missing from "failed"']);
  });

  it('does not claim success without the hits counter, though RSS fell', () => {
    const c = compareMoments(beforeMoment({ info: { active_defrag_hits: null } }), afterMoment());
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.reasons).toEqual(["active_defrag_hits is not reported on both sides, so defrag's work cannot be shown"]);
  });

  it('does not claim success without any fragmentation ratio', () => {
    const c = compareMoments(beforeMoment({ info: { mem_fragmentation_ratio: null, allocator_frag_ratio: null } }), afterMoment());
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.reasons).toEqual(['no fragmentation ratio is reported on both sides, so the fall cannot be tied to fragmentation']);
  });

  it('succeeds on one ratio when the other is missing', () => {
    const c = compareMoments(beforeMoment({ info: { mem_fragmentation_ratio: null } }), afterMoment());
    expect(c.verdict.status).toBe('success');
    expect(c.verdict.reasons[1]).toBe('fragmentation moved toward 1.0: allocator fragmentation ratio 2.74 → 1.06');
  });

  it('says the known ratio did not move when the other is missing', () => {
    const c = compareMoments(beforeMoment({ info: { mem_fragmentation_ratio: null } }), afterMoment({ info: { allocator_frag_ratio: 2.9 } }));
    expect(c.verdict.status).toBe('insufficient-data');
    expect(c.verdict.reasons).toEqual(['allocator fragmentation ratio 2.74 → 2.90 did not move toward 1.0, and the other ratio is not reported on both sides']);
  });
});

describe('compareMoments: confounded', () => {
  it('refuses to credit defrag when used memory grew 40 %', () => {
    const used = Math.round(62 * MB * 1.4);
    const c = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: used } }));
    expect(c.verdict.status).toBe('confounded');
    expect(c.verdict.headline).toBe('Used memory changed by +24.8 MiB (+40%): the dataset changed, so the RSS change cannot be credited to defrag.');
    expect(c.verdict.reasons).toEqual(['used memory 62 MiB → 86.8 MiB (+24.8 MiB); the tolerance is 8 MiB', 'RSS 192 MiB → 132 MiB']);
  });

  it('does not mistake a mass delete for a defrag win (checked before success)', () => {
    // Everything else says success: RSS down, ratios toward 1, hits up. But a third of the data went.
    const c = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: 40 * MB } }));
    expect(c.verdict.status).toBe('confounded');
    expect(c.verdict.headline).toMatch(/^Used memory changed by -22 MiB \(-35\.5%\)/);
  });

  it('keeps a change exactly at the 8 MiB floor within tolerance, and one byte more outside', () => {
    const at = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: 62 * MB + DEFAULT_USED_TOLERANCE_BYTES } }));
    expect(at.verdict.status).toBe('success');
    expect(at.verdict.headline).toBe('Defrag reclaimed 60 MiB of RSS (31.3%); used memory stayed within 12.9%.');
    const over = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: 62 * MB + DEFAULT_USED_TOLERANCE_BYTES + 1 } }));
    expect(over.verdict.status).toBe('confounded');
    const under = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: 62 * MB - DEFAULT_USED_TOLERANCE_BYTES - 1 } }));
    expect(under.verdict.status).toBe('confounded');
  });

  it('uses 5 % of used memory when that is more than the floor: exactly 5 % is within', () => {
    const big = { used_memory: 1000 * MB, used_memory_rss: 3000 * MB };
    const before = beforeMoment({ info: big });
    const at = compareMoments(before, afterMoment({ info: { used_memory: 1050 * MB, used_memory_rss: 2000 * MB } }));
    expect(at.verdict.status).toBe('success');
    expect(at.verdict.headline).toBe('Defrag reclaimed 1000 MiB of RSS (33.3%); used memory stayed within 5%.');
    const over = compareMoments(before, afterMoment({ info: { used_memory: 1050 * MB + 1, used_memory_rss: 2000 * MB } }));
    expect(over.verdict.status).toBe('confounded');
    expect(over.verdict.reasons[0]).toBe('used memory 1000 MiB → 1 GiB (+50 MiB); the tolerance is 50 MiB');
  });

  it('takes the tolerance from the options', () => {
    const after = afterMoment({ info: { used_memory: Math.round(62 * MB * 1.4) } });
    expect(compareMoments(beforeMoment(), after, { usedTolerance: 0.5 }).verdict.status).toBe('success');
    const small = afterMoment({ info: { used_memory: 62 * MB + 2 * MB } });
    expect(compareMoments(beforeMoment(), small).verdict.status).toBe('success');
    // 1 % of 62 MiB is 0.62 MiB: the 8 MiB floor still keeps a 2 MiB change within...
    expect(compareMoments(beforeMoment(), small, { usedTolerance: 0.01 }).verdict.status).toBe('success');
    // ...until the floor is lowered too.
    expect(compareMoments(beforeMoment(), small, { usedTolerance: 0.01, usedToleranceBytes: 1 * MB }).verdict.status).toBe('confounded');
  });

  it('prints a small used-memory change as a percent', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ info: { used_memory: 62 * MB + 256 * 1024 } }));
    expect(c.verdict.headline).toBe('Defrag reclaimed 60 MiB of RSS (31.3%); used memory stayed within 0.4%.');
  });
});

describe('compareMoments: RSS thresholds, worse and no improvement', () => {
  // 50 MiB of RSS: 1 % is 0.5 MiB, so the 1 MiB floor decides.
  const small = { used_memory_rss: 50 * MB, used_memory: 20 * MB };

  it('counts a fall of exactly the 1 MiB floor, not one byte less', () => {
    const before = beforeMoment({ info: small });
    const at = compareMoments(before, afterMoment({ info: { used_memory_rss: 49 * MB, used_memory: 20 * MB } }));
    expect(at.verdict.status).toBe('success');
    const under = compareMoments(before, afterMoment({ info: { used_memory_rss: 49 * MB + 1, used_memory: 20 * MB } }));
    expect(under.verdict.status).toBe('no-improvement');
    expect(under.verdict.reasons).toEqual(['RSS fell only 2% (1024 KiB); at least 1 MiB (1% of RSS, or 1 MiB) is needed']);
  });

  it('counts a fall of exactly 1 % when that is more than 1 MiB', () => {
    const before = beforeMoment({ info: { used_memory_rss: 200 * MB } });
    expect(compareMoments(before, afterMoment({ info: { used_memory_rss: 198 * MB } })).verdict.status).toBe('success');
    expect(compareMoments(before, afterMoment({ info: { used_memory_rss: 198 * MB + 1 } })).verdict.status).toBe('no-improvement');
  });

  it('calls a rise beyond the threshold with the same dataset worse, and a rise of exactly the threshold not', () => {
    const worse = compareMoments(beforeMoment(), afterMoment({ info: { used_memory_rss: 230 * MB, active_defrag_hits: 0 } }));
    expect(worse.verdict.status).toBe('worse');
    expect(worse.verdict.headline).toBe('RSS grew by 38 MiB (19.8%) while used memory did not change: memory is more fragmented than before.');
    expect(worse.verdict.reasons).toContain('no defrag hits between the two moments: defrag did not run');
    const before = beforeMoment({ info: small });
    const edge = compareMoments(before, afterMoment({ info: { used_memory_rss: 51 * MB, used_memory: 20 * MB } }));
    expect(edge.verdict.status).toBe('no-improvement');
    expect(edge.verdict.reasons[0]).toBe('RSS rose by 1 MiB (2%) instead of falling');
    const beyond = compareMoments(before, afterMoment({ info: { used_memory_rss: 51 * MB + 1, used_memory: 20 * MB } }));
    expect(beyond.verdict.status).toBe('worse');
  });

  it('says no improvement when defrag did not run, naming every failed condition', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ info: { ...LAB_BEFORE, used_memory_rss: Math.round(192 * MB * 0.998) } }));
    expect(c.verdict.status).toBe('no-improvement');
    expect(c.verdict.headline).toBe('No improvement to credit to defrag: RSS fell only 0.2% (393 KiB); at least 1.9 MiB (1% of RSS, or 1 MiB) is needed.');
    expect(c.verdict.reasons).toEqual([
      'RSS fell only 0.2% (393 KiB); at least 1.9 MiB (1% of RSS, or 1 MiB) is needed',
      'no fragmentation ratio moved toward 1.0 (RSS fragmentation ratio 3.10 → 3.10; allocator fragmentation ratio 2.74 → 2.74)',
      'no defrag hits between the two moments: defrag did not run',
    ]);
  });

  it('does not credit defrag for an RSS fall without hits (the allocator purged, defrag did nothing)', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ info: { active_defrag_hits: 0 } }));
    expect(c.verdict.status).toBe('no-improvement');
    expect(c.verdict.reasons).toEqual(['no defrag hits between the two moments: defrag did not run']);
  });

  it('does not credit defrag when both ratios moved away from 1.0', () => {
    const c = compareMoments(beforeMoment(), afterMoment({ info: { mem_fragmentation_ratio: 3.2, allocator_frag_ratio: 2.8 } }));
    expect(c.verdict.status).toBe('no-improvement');
    expect(c.verdict.reasons).toEqual([
      'no fragmentation ratio moved toward 1.0 (RSS fragmentation ratio 3.10 → 3.20; allocator fragmentation ratio 2.74 → 2.80)',
    ]);
  });
});
