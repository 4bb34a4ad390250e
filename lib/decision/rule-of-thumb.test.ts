import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import { ruleOfThumb } from './rule-of-thumb';
import { makeSnapshot, MB, withFrag } from './snapshot.test-support';

// classifyRssRatio is the parser's classifyRssHealth: its table is tested in lib/info-parser.test.ts.

describe('ruleOfThumb', () => {
  it('labels and recommendations', () => {
    expect(ruleOfThumb('high', 2.8)).toEqual({
      health: 'high',
      ratio: 2.8,
      label: 'High (> 2.0)',
      recommendation: 'Investigate: active defrag only helps if allocator fragmentation is high as well.',
    });
    expect(ruleOfThumb('below-one', 0.7).recommendation).toContain('swapped out');
  });
});

describe('decide: rule of thumb vs the real rule', () => {
  it('uses the pipeline\u2019s derived.health when it has one', () => {
    expect(decide(makeSnapshot({ derived: { health: 'moderate' } })).ruleOfThumb.health).toBe('moderate');
    expect(decide(makeSnapshot({ derived: { health: 'unknown' } })).ruleOfThumb.health).toBe('high');
  });

  it('agree: high RSS ratio and fragmentation above both thresholds', () => {
    expect(decide(makeSnapshot()).disagreement).toBeNull();
  });

  it('RSS ratio 2.8 but allocator frag 3%: freed memory not returned to the OS after a peak', () => {
    const d = decide(
      makeSnapshot({
        info: {
          mem_fragmentation_ratio: 2.8,
          mem_fragmentation_bytes: 234 * MB,
          used_memory_peak: 400 * MB,
          allocator_active: 140 * MB,
          allocator_rss_bytes: 200 * MB,
          rss_overhead_bytes: 20 * MB,
          ...withFrag(3, 4 * MB),
        },
      }),
    );
    expect(d.disagreement).toBe(
      'The RSS ratio is 2.80 (high), but allocator fragmentation, the figure defrag acts on (since Redis 7.4 / Valkey 8.0 it counts small-bin waste only), is only 3%, below threshold-lower 10%: defrag will not help. ' +
        'Most of the 234 MiB of RSS above used_memory is allocator_rss_bytes (200 MiB): pages the allocator freed but has not yet returned to the OS, likely left from a past peak (used_memory_peak 400 MiB); MEMORY PURGE may release them, defrag cannot.',
    );
  });

  it('names allocator fragmentation when it is the largest part (issue #14: not allocator_rss_bytes 6.3 MB of 127 MB)', () => {
    const d = decide(
      makeSnapshot({
        server: { version: '7.0.15' },
        info: {
          mem_fragmentation_ratio: 2.2,
          mem_fragmentation_bytes: 127 * MB,
          allocator_rss_bytes: 6.3 * MB,
          rss_overhead_bytes: 2 * MB,
          ...withFrag(170, 117 * MB),
        },
        config: { 'active-defrag-ignore-bytes': 200 * MB },
      }),
    );
    expect(d.disagreement).toContain(
      'Most of the 127 MiB of RSS above used_memory is allocator fragmentation (allocator_frag_bytes 117 MiB), the figure defrag acts on',
    );
    expect(d.disagreement).not.toContain('is allocator_rss_bytes');
  });

  it('RSS overhead dominating (7.0: no small-bin note)', () => {
    const d = decide(
      makeSnapshot({
        server: { version: '7.0.15' },
        info: { mem_fragmentation_ratio: 1.8, allocator_rss_bytes: 1 * MB, rss_overhead_bytes: 90 * MB, ...withFrag(2, 2 * MB) },
      }),
    );
    expect(d.ruleOfThumb.health).toBe('moderate');
    expect(d.disagreement).toContain('figure defrag acts on, is only 2%');
    expect(d.disagreement).toContain('is rss_overhead_bytes (90 MiB): memory outside the allocator');
  });

  it('on 7.4+, allocator waste outside small bins can be the biggest part', () => {
    const d = decide(
      makeSnapshot({
        info: { allocator_allocated: 100 * MB, allocator_active: 250 * MB, allocator_rss_bytes: 1 * MB, rss_overhead_bytes: 1 * MB, ...withFrag(4, 4 * MB) },
      }),
    );
    expect(d.disagreement).toContain('allocator waste outside small bins (146 MiB)');
  });

  it('no breakdown available: names the candidates', () => {
    const d = decide(makeSnapshot({ info: { allocator_rss_bytes: null, rss_overhead_bytes: null, allocator_active: null, ...withFrag(2, 2 * MB) } }));
    expect(d.disagreement).toContain('is RSS overhead, a past peak, or freed memory not yet returned to the OS');
  });

  it('high RSS ratio, frag % above lower but bytes below ignore-bytes', () => {
    const d = decide(makeSnapshot({ info: withFrag(40, 30 * MB) }));
    expect(d.disagreement).toMatch(
      /^The RSS ratio is 2.77 \(high\) and allocator fragmentation is 40%, but that is only 30 MiB, below ignore-bytes 100 MiB: defrag will not start\./,
    );
  });

  it('healthy RSS ratio but both thresholds met', () => {
    const d = decide(makeSnapshot({ info: { mem_fragmentation_ratio: 1.3, ...withFrag(25, 150 * MB) } }));
    expect(d.ruleOfThumb.health).toBe('healthy');
    expect(d.disagreement).toContain('looks healthy, yet allocator fragmentation is 25% (150 MiB)');
  });

  it('healthy RSS ratio, frag above threshold-lower yet below ignore-bytes', () => {
    const d = decide(makeSnapshot({ info: { mem_fragmentation_ratio: 1.2, ...withFrag(15, 20 * MB) } }));
    expect(d.disagreement).toContain('but it amounts to only 20 MiB, below ignore-bytes 100 MiB');
  });

  it('healthy and below threshold-lower: no disagreement', () => {
    expect(decide(makeSnapshot({ info: { mem_fragmentation_ratio: 1.2, ...withFrag(5, 20 * MB) } })).disagreement).toBeNull();
  });

  it('below one (swapping) but thresholds met', () => {
    const d = decide(makeSnapshot({ info: { mem_fragmentation_ratio: 0.7 } }));
    expect(d.ruleOfThumb.health).toBe('below-one');
    expect(d.disagreement).toContain('is below 1 (part of the data is probably swapped out');
  });

  it('unknown figures: no disagreement claimed', () => {
    expect(decide(makeSnapshot({ info: { allocator_frag_ratio: null } })).disagreement).toBeNull();
  });
});
