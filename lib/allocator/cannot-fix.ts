import { versionAtLeast } from '../decision/version';
import { formatBytes } from '../format';
import type { AllocatorAnatomy } from './api-schema';

/**
 * What active defrag cannot fix, stated from the figures of one allocator read: it moves live
 * regions out of sparse small-bin slabs, and nothing else. Every claim here comes from a figure of
 * the read (MEMORY MALLOC-STATS, INFO memory, CONFIG GET, MODULE LIST); where the figures cannot
 * tell, the item says "unknown" rather than guess. Pure, shared by the view and its tests.
 */

/** What an operator can do about it: purge (MEMORY PURGE), wait (jemalloc's decay), restart or fail over, change config, nothing. */
export type Remedy = 'purge' | 'wait' | 'restart' | 'config' | 'none';

export interface CannotFixItem {
  id: 'large' | 'allocator-rss' | 'dirty' | 'muzzy' | 'lua' | 'bg-thread' | 'vector-sets' | 'module-types';
  label: string;
  /** The bytes concerned; null when the figures do not say (then `detail` says "unknown"). */
  bytes: number | null;
  detail: string;
  remedy: Remedy;
  remedyText: string;
}

type Server = { engine: 'redis' | 'valkey' | null; version: string | null };

/** Modules known to register a defrag callback for their types (versions-and-peers §1). */
const DEFRAGGED_MODULE_TYPES = new Set(['rejson', 'bf', 'timeseries']);

export function cannotFix(anatomy: AllocatorAnatomy, server: Server): CannotFixItem[] {
  const { facts } = anatomy;
  const items: CannotFixItem[] = [];

  if (anatomy.large.allocatedBytes > 0 || anatomy.large.extents > 0) {
    // Before 7.4 / Valkey 8.0 INFO counts active - allocated: what the small bins do not explain is
    // large extents' page padding (plus the moment between the two reads). From 7.4 INFO counts the
    // small bins only, so the padding is in no figure.
    const padding =
      anatomy.infoFragMeaning === 'active-minus-allocated' && anatomy.infoFragBytes !== null
        ? Math.max(0, anatomy.infoFragBytes - anatomy.smallBinsWastedBytes)
        : null;
    items.push({
      id: 'large',
      label: 'Page padding of large and huge allocations',
      // Their live bytes are data, not waste: only the padding counts here.
      bytes: padding,
      detail:
        `${formatBytes(anatomy.large.allocatedBytes)} in ${anatomy.large.extents.toLocaleString('en-US')} extent${anatomy.large.extents === 1 ? '' : 's'} above the largest bin, which defrag never moves (it moves small-bin regions only). ` +
        (padding !== null
          ? `INFO allocator_frag_bytes exceeds the small bins' waste by ${formatBytes(padding)}: on this version that is their page padding.`
          : 'The page padding they hold is in no figure on this version: unknown.'),
      remedy: 'restart',
      remedyText: 'only freeing or rewriting those values, or a restart / failover to a replica that loaded the data afresh, repacks them',
    });
  }

  if (facts.allocator_rss_bytes !== null) {
    items.push({
      id: 'allocator-rss',
      label: 'Resident pages without live data (allocator_rss_bytes)',
      bytes: facts.allocator_rss_bytes,
      detail: `allocator_resident − allocator_active = ${formatBytes(facts.allocator_rss_bytes)}: pages jemalloc keeps in RAM that hold no allocation (its dirty pages, metadata).`,
      remedy: 'purge',
      remedyText: 'MEMORY PURGE returns the dirty part to the OS at once; otherwise jemalloc returns it after dirty_decay_ms',
    });
  }

  items.push({
    id: 'dirty',
    label: 'Dirty pages (freed, not yet returned)',
    bytes: anatomy.dirtyBytes,
    detail: `${formatBytes(anatomy.dirtyBytes)} of pages freed by jemalloc and still resident (MEMORY MALLOC-STATS extents).`,
    remedy: anatomy.dirtyBytes > 0 ? 'purge' : 'none',
    remedyText: "MEMORY PURGE, or wait for jemalloc's decay; active defrag only creates more of them as it empties slabs",
  });

  const muzzy = facts.allocator_muzzy ?? anatomy.muzzyBytes;
  items.push({
    id: 'muzzy',
    label: 'Muzzy pages (advised away, still counted)',
    bytes: muzzy,
    detail:
      facts.allocator_muzzy !== null
        ? `INFO allocator_muzzy ${formatBytes(facts.allocator_muzzy)}: pages given to the kernel with MADV_FREE, which takes them back only under memory pressure.`
        : `${formatBytes(anatomy.muzzyBytes)} in MEMORY MALLOC-STATS (this version's INFO has no allocator_muzzy): pages the kernel takes back only under memory pressure.`,
    remedy: muzzy > 0 ? 'purge' : 'none',
    remedyText: 'MEMORY PURGE releases them now; otherwise the kernel does when it needs the memory',
  });

  items.push(luaItem(anatomy, server));
  items.push(bgThreadItem(facts.jemallocBgThread));
  items.push(...moduleItems(facts.modules));
  return items;
}

function luaItem(anatomy: AllocatorAnatomy, server: Server): CannotFixItem {
  const { facts } = anatomy;
  const apart = anatomy.arenas.filter((a) => a.excluded !== null);
  const luaArena = server.engine === 'redis' && versionAtLeast(server.version, 7, 4);
  const remedyText = 'SCRIPT FLUSH (and FUNCTION FLUSH) frees what Lua holds; the arena itself shrinks only with a restart';
  if (luaArena && apart.length > 0) {
    const waste = apart.reduce((t, a) => t + a.smallBinsWastedBytes, 0);
    return {
      id: 'lua',
      label: 'The Lua arena',
      bytes: waste,
      detail: `Redis 7.4+ keeps Lua in an arena of its own (${facts.allocator_allocated_lua !== null ? `allocator_allocated_lua ${formatBytes(facts.allocator_allocated_lua)}` : `used_memory_lua ${formatBytes(facts.used_memory_lua)}`}); its free regions, ${formatBytes(waste)}, are left out of INFO and active defrag never visits it.`,
      remedy: waste > 0 ? 'restart' : 'none',
      remedyText,
    };
  }
  return {
    id: 'lua',
    label: "Lua's memory",
    bytes: facts.used_memory_lua,
    detail:
      facts.used_memory_lua === null
        ? 'INFO has no used_memory_lua: unknown.'
        : `used_memory_lua ${formatBytes(facts.used_memory_lua)}: defrag does not move Lua's allocations${luaArena ? '' : ' (on this version they share the arenas with the data, so their waste is counted in the bins above)'}.`,
    remedy: 'none',
    remedyText,
  };
}

function bgThreadItem(on: boolean | null): CannotFixItem {
  return {
    id: 'bg-thread',
    label: 'jemalloc-bg-thread',
    bytes: null,
    detail:
      on === null
        ? 'CONFIG GET jemalloc-bg-thread gave no answer: whether jemalloc purges in the background is unknown.'
        : on
          ? 'yes: a background thread returns dirty pages as they decay, even when the server is idle.'
          : 'no: dirty pages are returned only when the allocator is busy, so an idle server can hold them for good.',
    remedy: on === false ? 'config' : 'none',
    remedyText: on === false ? 'CONFIG SET jemalloc-bg-thread yes, or MEMORY PURGE now and then' : 'nothing to do',
  };
}

function moduleItems(modules: AllocatorAnatomy['facts']['modules']): CannotFixItem[] {
  if (modules === null) {
    return [
      {
        id: 'module-types',
        label: 'Module data types',
        bytes: null,
        detail: 'MODULE LIST was refused: whether keys of module types (which defrag skips without a callback) exist is unknown.',
        remedy: 'none',
        remedyText: 'ask the server owner which modules are loaded',
      },
    ];
  }
  const out: CannotFixItem[] = [];
  const vset = modules.find((m) => m.name.toLowerCase() === 'vectorset');
  if (vset) {
    out.push({
      id: 'vector-sets',
      label: 'Vector sets',
      bytes: null,
      detail:
        'The vectorset type is loaded and has no defrag callback: any vector-set key keeps its allocations where they are. How many such keys exist (and their bytes) is unknown without a scan.',
      remedy: 'restart',
      remedyText: 'a restart or failover (the data loaded afresh) is the only way to repack them',
    });
  }
  const others = modules.filter((m) => m !== vset);
  const unknown = others.filter((m) => !DEFRAGGED_MODULE_TYPES.has(m.name.toLowerCase()));
  const known = others.filter((m) => DEFRAGGED_MODULE_TYPES.has(m.name.toLowerCase()));
  out.push({
    id: 'module-types',
    label: 'Module data types',
    bytes: null,
    detail:
      modules.length === 0
        ? 'No modules are loaded: every key is of a core type, and the core types have defrag callbacks.'
        : [
            known.length > 0 ? `${known.map((m) => m.name).join(', ')} register defrag callbacks.` : '',
            unknown.length > 0
              ? `${unknown.map((m) => m.name).join(', ')}: whether ${unknown.length === 1 ? 'it registers' : 'they register'} a defrag callback is unknown; keys of a type without one are never moved.`
              : '',
          ]
            .filter(Boolean)
            .join(' ') || 'Only the vectorset module is loaded.',
    remedy: unknown.length > 0 ? 'restart' : 'none',
    remedyText: unknown.length > 0 ? "if the module's keys hold the waste, a restart or failover is the only remedy" : 'nothing to do',
  });
  return out;
}

/** Bytes a MEMORY PURGE can plausibly give back: the allocator's unused resident pages. */
export function purgeableBytes(anatomy: AllocatorAnatomy): number {
  return Math.max(anatomy.facts.allocator_rss_bytes ?? 0, anatomy.dirtyBytes + (anatomy.facts.allocator_muzzy ?? anatomy.muzzyBytes));
}

export const PURGE_MIN_BYTES = 8 * 1024 * 1024;
export const PURGE_MIN_FRACTION = 0.1;

/** The last defrag run as the view knows it, for the purge advice. */
export interface LastRun {
  status: 'running' | 'settling' | 'finished' | 'interrupted';
  lazyfreePending?: number | null;
}

export interface PurgeAdvice {
  recommended: boolean;
  text: string;
}

/**
 * When MEMORY PURGE is worth offering: RSS stays high after a run because the allocator holds
 * pages it does not use, at least PURGE_MIN_BYTES and PURGE_MIN_FRACTION of allocator_resident. A
 * run still going (or settling) is not "after": it frees more pages, and jemalloc returns them itself.
 */
export function purgeAdvice(anatomy: AllocatorAnatomy, lastRun: LastRun | null): PurgeAdvice {
  const held = purgeableBytes(anatomy);
  const resident = anatomy.facts.allocator_resident;
  const threshold = Math.max(PURGE_MIN_BYTES, resident !== null ? resident * PURGE_MIN_FRACTION : 0);
  const condition = `offered when, after a run, the allocator holds at least ${formatBytes(threshold)} (8 MiB and 10 % of allocator_resident) in resident pages without data`;
  if (lastRun?.status === 'running')
    return { recommended: false, text: `A defrag run is going on: it frees more pages as it goes. Purge after it settled (${condition}).` };
  if (lastRun?.status === 'settling') {
    const lazy = lastRun.lazyfreePending ? `, waiting for lazy free (${lastRun.lazyfreePending} objects pending)` : '';
    return { recommended: false, text: `The last run is still settling${lazy}: jemalloc is returning pages itself. Wait for it (${condition}).` };
  }
  if (held >= threshold) {
    const after = lastRun ? 'After the last defrag run the' : 'The';
    return {
      recommended: true,
      text: `${after} allocator still holds ${formatBytes(held)} in resident pages without data (allocator_rss_bytes, dirty and muzzy pages): MEMORY PURGE can return them to the OS now (${condition}).`,
    };
  }
  return { recommended: false, text: `Not needed: the allocator holds ${formatBytes(held)} in resident pages without data (${condition}).` };
}

/** Below this an item is real but not worth a remedy in the summary (the Lua arena's 100 KiB). */
export const SIGNIFICANT_BYTES = 1024 * 1024;

/** An item the summary names: enough bytes, or present with no byte figure (vector sets, unknown module types). */
function significant(item: CannotFixItem): boolean {
  return item.bytes === null ? item.id === 'vector-sets' || item.id === 'module-types' : item.bytes >= SIGNIFICANT_BYTES;
}

/** One line: is a restart or failover the only remedy for what is left? */
export function remedySummary(items: readonly CannotFixItem[], anatomy: AllocatorAnatomy): string {
  const restart = items.filter((i) => i.remedy === 'restart' && significant(i));
  const purge = items.filter((i) => i.remedy === 'purge' && significant(i));
  const parts: string[] = [];
  // Dirty pages are part of allocator_rss_bytes: one figure, not a sum.
  if (purge.length > 0) parts.push(`MEMORY PURGE or jemalloc's decay can return up to ${formatBytes(purgeableBytes(anatomy))} of resident pages without data`);
  if (restart.length > 0)
    parts.push(
      `only a restart or failover fixes ${restart.map((i) => (i.bytes === null ? i.label.toLowerCase() : `${i.label.toLowerCase()} (${formatBytes(i.bytes)})`)).join('; ')}`,
    );
  const defrag = `Active defrag can reclaim at most the small bins' ${formatBytes(anatomy.smallBinsWastedBytes)} of free regions.`;
  return parts.length === 0 ? `${defrag} Nothing else in the figures needs a remedy.` : `${defrag} Beyond that, ${parts.join('; ')}.`;
}
