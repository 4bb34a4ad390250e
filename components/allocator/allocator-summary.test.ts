import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocatorAnatomy } from '@/lib/allocator/anatomy';
import type { AllocatorAnatomy } from '@/lib/allocator/api-schema';
import { fixtureAnatomy } from '@/lib/allocator/anatomy.test-support';
import { parseMallocStats } from '@/lib/malloc-stats-parser';
import { binChanges, reclaimable, reconciliation } from './allocator-summary';

const read = (name: string, engine: 'redis' | 'valkey', version: string, infoFragBytes: number): AllocatorAnatomy => ({
  ...fixtureAnatomy(name.replace(/-malloc-stats\.txt$/, ''), { engine, version }),
  ...allocatorAnatomy(parseMallocStats(readFileSync(path.join(__dirname, '../../lib/fixtures', name), 'utf8'))!, { engine, version }),
  infoFragBytes,
});

describe('allocator summary', () => {
  it('explains the Lua arena on Redis 8 and the page padding on Redis 7.0', () => {
    expect(reconciliation(read('redis-8.0.2-malloc-stats.txt', 'redis', '8.0.2', 33843456))).toMatch(
      /both are the free regions.*Lua arena \(11[23](\.\d)? Ki?B of free regions\)/,
    );
    expect(reconciliation(read('redis-7.0.15-malloc-stats.txt', 'redis', '7.0.15', 33841416))).toMatch(/allocator_active − allocator_allocated/);
  });

  it('separates what defrag can reclaim from what it cannot', () => {
    const parts = reclaimable(read('valkey-9.1.2-malloc-stats.txt', 'valkey', '9.1.2', 26021392));
    expect(parts.filter((p) => p.defrag).map((p) => p.bytes)).toEqual([26021392]);
    expect(parts.filter((p) => !p.defrag).map((p) => p.label)).toEqual(['Large allocations', 'Dirty pages', 'Muzzy pages']);
  });

  it('compares two reads per size class, largest change first', () => {
    const before = [{ size: 16, curregs: 1, curslabs: 1, nonfullSlabs: 1, regs: 256, pgs: 1, util: 0, wastedBytes: 4080 }];
    const after = [
      { ...before[0]!, wastedBytes: 80 },
      { size: 32, curregs: 1, curslabs: 1, nonfullSlabs: 1, regs: 128, pgs: 1, util: 0, wastedBytes: 100 },
    ];
    expect(binChanges(before, after)).toEqual([
      { size: 16, before: 4080, after: 80 },
      { size: 32, before: 0, after: 100 },
    ]);
  });
});
