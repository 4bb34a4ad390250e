import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatorAnatomy } from './allocator/anatomy';
import { parseInfoText, readInfoFields } from './info-parser';
import { parseMallocStats } from './malloc-stats-parser';

// MEMORY MALLOC-STATS and INFO memory read one after the other from fragmented lab servers
// (300,000 keys of 100 bytes, two in three deleted).
const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const infoFragBytes = (name: string) => readInfoFields(parseInfoText(fixture(name))).info.allocator_frag_bytes;

describe('parseMallocStats', () => {
  it('reads the merged arenas and each arena of redis 8.0.2 (jemalloc 5.3.0)', () => {
    const stats = parseMallocStats(fixture('redis-8.0.2-malloc-stats.txt'))!;
    expect(stats.jemallocVersion).toBe('5.3.0-0-g0');
    expect(stats.narenas).toBe(8);
    expect(stats.totals).toEqual({ allocated: 22529968, active: 56475648, resident: 61890560, mapped: 66912256, metadata: 3520800 });
    expect(stats.sections.map((s) => s.arena)).toEqual(['merged', 0, 9]);
    const merged = stats.sections[0]!;
    expect(merged.bins).toHaveLength(31); // classes never used are printed as "---" and skipped
    // The 16-byte class as jemalloc printed it: 211668 regions in 2389 slabs of 256.
    expect(merged.bins[1]).toEqual({
      size: 16,
      curregs: 211668,
      curslabs: 2389,
      nonfullSlabs: 2343,
      regs: 256,
      pgs: 1,
      util: 0.346,
      wastedBytes: (2389 * 256 - 211668) * 16,
    });
    expect(merged.largeAllocatedBytes).toBe(4698112);
    expect(merged.dirtyBytes).toBe(16384 + 2031616);
    expect(merged.retainedBytes).toBe(1318912 + 8314880);
  });

  it('is null for text that is not jemalloc statistics', () => {
    expect(parseMallocStats('Stats not supported for the current allocator')).toBeNull();
  });
});

describe('allocatorAnatomy: the small bins add up to INFO allocator_frag_bytes', () => {
  it('redis 8.0.2: small-bin waste without the Lua arena matches INFO within 0.1 %', () => {
    const anatomy = allocatorAnatomy(parseMallocStats(fixture('redis-8.0.2-malloc-stats.txt'))!, { engine: 'redis', version: '8.0.2' });
    expect(anatomy.infoFragMeaning).toBe('small-bins');
    expect(anatomy.arenas.find((a) => a.index === 9)?.excluded).toMatch(/Lua arena/);
    const info = infoFragBytes('redis-8.0.2-malloc-stats-info-memory.txt')!;
    expect(Math.abs(anatomy.smallBinsWastedBytes - info) / info).toBeLessThan(0.001);
  });

  it('valkey 9.1.2: exactly INFO (one arena, no Lua arena)', () => {
    const anatomy = allocatorAnatomy(parseMallocStats(fixture('valkey-9.1.2-malloc-stats.txt'))!, { engine: 'valkey', version: '9.1.2' });
    expect(anatomy.smallBinsWastedBytes).toBe(infoFragBytes('valkey-9.1.2-malloc-stats-info-memory.txt'));
    expect(anatomy.arenas.every((a) => a.excluded === null)).toBe(true);
  });

  it('redis 7.0.15: INFO counts active - allocated, a little more than the small bins', () => {
    const anatomy = allocatorAnatomy(parseMallocStats(fixture('redis-7.0.15-malloc-stats.txt'))!, { engine: 'redis', version: '7.0.15' });
    expect(anatomy.infoFragMeaning).toBe('active-minus-allocated');
    const info = infoFragBytes('redis-7.0.15-malloc-stats-info-memory.txt')!;
    expect(anatomy.smallBinsWastedBytes).toBeLessThan(info);
    expect(anatomy.smallBinsWastedBytes / info).toBeGreaterThan(0.99);
  });

  it("Debian's redis-server (system jemalloc) prints the same tables", () => {
    const anatomy = allocatorAnatomy(parseMallocStats(fixture('debian-redis-7.0.15-malloc-stats.txt'))!, { engine: 'redis', version: '7.0.15' });
    expect(anatomy.bins).toHaveLength(28);
    expect(anatomy.smallBinsWastedBytes / infoFragBytes('debian-redis-7.0.15-malloc-stats-info-memory.txt')!).toBeGreaterThan(0.99);
  });
});
