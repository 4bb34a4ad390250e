import { describe, expect, it } from 'vitest';
import { fixtureAnatomy } from './anatomy.test-support';
import { cannotFix, purgeAdvice, purgeableBytes, remedySummary, type CannotFixItem } from './cannot-fix';

const MiB = 1024 * 1024;
const redis70 = { engine: 'redis', version: '7.0.15' } as const;
const redis80 = { engine: 'redis', version: '8.0.2' } as const;
const valkey91 = { engine: 'valkey', version: '9.1.2' } as const;
const byId = (items: CannotFixItem[]) => Object.fromEntries(items.map((i) => [i.id, i]));

/** Figures hand-checked against the fixtures (lib/fixtures/*-malloc-stats*.txt, read from lab servers). */
describe('what defrag cannot fix, from recorded reads', () => {
  it('Redis 7.0: the large extents’ padding is INFO allocator_frag_bytes minus the small bins', () => {
    const a = fixtureAnatomy('redis-7.0.15', redis70);
    const items = byId(cannotFix(a, redis70));
    // INFO 33,841,416 − small bins 33,792,168 = 49,248 B; 4,911,104 B in 12 large extents.
    expect(items.large).toMatchObject({ bytes: 49_248, remedy: 'restart' });
    expect(items.large!.detail).toMatch(/4\.7 MiB in 12 extents/);
    // allocator_resident 58,957,824 − allocator_active 55,857,152.
    expect(items['allocator-rss']).toMatchObject({ bytes: 3_100_672, remedy: 'purge' });
    // No allocator_muzzy before 7.4: the figure comes from MALLOC-STATS, and says so.
    expect(items.muzzy!.detail).toMatch(/this version's INFO has no allocator_muzzy/);
    // Lua shares the arenas before 7.4: its memory is named, not called waste.
    expect(items.lua).toMatchObject({ label: "Lua's memory", bytes: 79_872, remedy: 'none' });
  });

  it('Redis 8.0: the padding is in no figure (unknown), the Lua arena stands apart', () => {
    const a = fixtureAnatomy('redis-8.0.2', redis80, { allocator_allocated_lua: 31_232 });
    const items = byId(cannotFix(a, redis80));
    expect(items.large).toMatchObject({ bytes: null });
    expect(items.large!.detail).toMatch(/unknown/);
    expect(items.lua).toMatchObject({ label: 'The Lua arena', bytes: 115_456 });
    expect(items.lua!.detail).toMatch(/allocator_allocated_lua 30\.5 KiB/);
    expect(items.dirty).toMatchObject({ bytes: 2_048_000, remedy: 'purge' });
    expect(items.muzzy!.detail).toMatch(/INFO allocator_muzzy 0 B/);
  });

  it('names vector sets and module types without a known defrag callback, and says unknown when MODULE LIST is refused', () => {
    const mods = (modules: { name: string; ver: number | null }[] | null) => byId(cannotFix(fixtureAnatomy('redis-8.0.2', redis80, { modules }), redis80));
    const v = mods([{ name: 'vectorset', ver: 1 }]);
    expect(v['vector-sets']).toMatchObject({ bytes: null, remedy: 'restart' });
    expect(v['vector-sets']!.detail).toMatch(/no defrag callback.*unknown without a scan/);
    expect(v['module-types']).toMatchObject({ remedy: 'none' });
    const m = mods([
      { name: 'ReJSON', ver: 80000 },
      { name: 'mymod', ver: 1 },
    ]);
    expect(m['module-types']!.detail).toMatch(/ReJSON register defrag callbacks\. mymod: whether it registers a defrag callback is unknown/);
    expect(m['module-types']!.remedy).toBe('restart');
    expect(mods(null)['module-types']!.detail).toMatch(/MODULE LIST was refused.*unknown/);
    expect(mods([])['module-types']!.detail).toMatch(/No modules are loaded/);
  });

  it('jemalloc-bg-thread: off holds dirty pages on an idle server; no answer is unknown', () => {
    const bg = (on: boolean | null) => byId(cannotFix(fixtureAnatomy('valkey-9.1.2', valkey91, { jemallocBgThread: on }), valkey91))['bg-thread']!;
    expect(bg(false)).toMatchObject({ remedy: 'config' });
    expect(bg(false).detail).toMatch(/idle server can hold them/);
    expect(bg(true).remedy).toBe('none');
    expect(bg(null).detail).toMatch(/unknown/);
  });

  it('the summary names a restart only for what matters, and purge for the resident pages without data', () => {
    const a = fixtureAnatomy('redis-8.0.2', redis80, { modules: [{ name: 'vectorset', ver: 1 }] });
    const text = remedySummary(cannotFix(a, redis80), a);
    expect(text).toMatch(/^Active defrag can reclaim at most the small bins' 32\.3 MiB/);
    expect(text).toMatch(/MEMORY PURGE or jemalloc's decay can return up to 3\.2 MiB/);
    expect(text).toMatch(/only a restart or failover fixes vector sets/);
    // The Lua arena's 113 KiB is real but not a reason to restart.
    expect(text).not.toMatch(/lua/i);
  });
});

describe('purgeAdvice', () => {
  const a = fixtureAnatomy('redis-7.0.15', redis70);
  const withHeld = (bytes: number) => ({ ...a, facts: { ...a.facts, allocator_rss_bytes: bytes } });

  it('offers MEMORY PURGE after a run when the allocator holds 8 MiB and 10 % of its resident pages without data', () => {
    // allocator_resident 58,957,824: 10 % is 5.6 MiB, so the 8 MiB floor decides.
    expect(purgeableBytes(withHeld(9 * MiB))).toBe(9 * MiB);
    expect(purgeAdvice(withHeld(9 * MiB), { status: 'finished' })).toMatchObject({ recommended: true });
    expect(purgeAdvice(withHeld(9 * MiB), { status: 'finished' }).text).toMatch(/After the last defrag run the allocator still holds 9 MiB/);
    expect(purgeAdvice(withHeld(7 * MiB), { status: 'finished' })).toMatchObject({ recommended: false });
    expect(purgeAdvice(withHeld(7 * MiB), null).text).toMatch(/^Not needed: .*at least 8 MiB/);
  });

  it('waits while a run goes on or settles, naming the lazy free hold', () => {
    expect(purgeAdvice(withHeld(90 * MiB), { status: 'running' })).toMatchObject({ recommended: false });
    const settling = purgeAdvice(withHeld(90 * MiB), { status: 'settling', lazyfreePending: 1200 });
    expect(settling).toMatchObject({ recommended: false });
    expect(settling.text).toMatch(/waiting for lazy free \(1200 objects pending\)/);
  });

  it('uses the larger of allocator_rss_bytes and dirty + muzzy (dirty pages are part of allocator_rss_bytes)', () => {
    const b = fixtureAnatomy('redis-8.0.2', redis80);
    expect(purgeableBytes(b)).toBe(3_366_912);
    expect(purgeableBytes({ ...b, dirtyBytes: 10 * MiB })).toBe(10 * MiB);
  });
});
