import { versionAtLeast } from '../decision/version';
import type { MallocStats, MallocStatsSection } from '../malloc-stats-parser';
import type { AllocatorAnatomy, AllocatorBin } from './api-schema';

export type AnatomyFigures = Omit<AllocatorAnatomy, 'at' | 'cost' | 'cachedFor' | 'infoFragBytes' | 'facts' | 'purge'>;

/**
 * The dataset's view of the allocator: jemalloc's merged arenas, less the arenas INFO leaves out
 * too. Redis 7.4+ gives Lua an arena of its own, created after the automatic ones (index above
 * `opt.narenas`; index `narenas` itself is jemalloc's arena for huge allocations), and subtracts it
 * from allocator_frag_bytes; active defrag never visits it.
 */
export function allocatorAnatomy(stats: MallocStats, server: { engine: 'redis' | 'valkey' | null; version: string | null }): AnatomyFigures {
  const luaArenaApart = server.engine === 'redis' && versionAtLeast(server.version, 7, 4);
  const arenas = stats.sections.filter((s): s is MallocStatsSection & { arena: number } => s.arena !== 'merged');
  const excluded = new Set(arenas.filter((a) => luaArenaApart && stats.narenas !== null && a.arena > stats.narenas).map((a) => a.arena));
  const merged = stats.sections.find((s) => s.arena === 'merged') ?? (arenas.length === 1 ? arenas[0]! : sumSections(arenas));
  const bins = subtractBins(
    merged.bins,
    arenas.filter((a) => excluded.has(a.arena)).flatMap((a) => a.bins),
  );
  return {
    jemallocVersion: stats.jemallocVersion,
    bins,
    smallBinsWastedBytes: bins.reduce((total, b) => total + b.wastedBytes, 0),
    large: { allocatedBytes: merged.largeAllocatedBytes, extents: merged.largeExtents },
    dirtyBytes: merged.dirtyBytes,
    muzzyBytes: merged.muzzyBytes,
    retainedBytes: merged.retainedBytes,
    totals: stats.totals,
    arenas: arenas.map((a) => ({
      index: a.arena,
      smallBinsWastedBytes: a.bins.reduce((total, b) => total + b.wastedBytes, 0),
      excluded: excluded.has(a.arena) ? 'the Lua arena (Redis 7.4+ keeps Lua apart; INFO and active defrag leave it out)' : null,
    })),
    // Redis <= 7.2 and every Valkey 7.2 count active - allocated, which includes large extents'
    // page padding; from Redis 7.4 / Valkey 8.0 the figure is exactly the small bins' waste.
    infoFragMeaning:
      server.engine === null || server.version === null
        ? 'unknown'
        : (server.engine === 'redis' ? versionAtLeast(server.version, 7, 4) : versionAtLeast(server.version, 8, 0))
          ? 'small-bins'
          : 'active-minus-allocated',
  };
}

function subtractBins(all: readonly AllocatorBin[], apart: readonly AllocatorBin[]): AllocatorBin[] {
  if (apart.length === 0) return [...all];
  return all.map((bin) => {
    const minus = apart.filter((a) => a.size === bin.size);
    if (minus.length === 0) return bin;
    const curregs = bin.curregs - minus.reduce((t, a) => t + a.curregs, 0);
    const curslabs = bin.curslabs - minus.reduce((t, a) => t + a.curslabs, 0);
    const capacity = curslabs * bin.regs;
    return {
      ...bin,
      curregs,
      curslabs,
      nonfullSlabs: bin.nonfullSlabs === null ? null : bin.nonfullSlabs - minus.reduce((t, a) => t + (a.nonfullSlabs ?? 0), 0),
      util: capacity > 0 ? Math.round((curregs / capacity) * 1000) / 1000 : 1,
      wastedBytes: Math.max(0, (capacity - curregs) * bin.size),
    };
  });
}

/** Several arenas and no merged view (jemalloc prints it only when asked for merged stats). */
function sumSections(sections: readonly MallocStatsSection[]): MallocStatsSection {
  const bySize = new Map<number, AllocatorBin>();
  for (const bin of sections.flatMap((s) => s.bins)) {
    const seen = bySize.get(bin.size);
    if (!seen) {
      bySize.set(bin.size, { ...bin });
      continue;
    }
    seen.curregs += bin.curregs;
    seen.curslabs += bin.curslabs;
    seen.nonfullSlabs = seen.nonfullSlabs === null || bin.nonfullSlabs === null ? null : seen.nonfullSlabs + bin.nonfullSlabs;
    seen.wastedBytes += bin.wastedBytes;
    seen.util = seen.curslabs * seen.regs > 0 ? Math.round((seen.curregs / (seen.curslabs * seen.regs)) * 1000) / 1000 : 1;
  }
  const total = (key: 'largeAllocatedBytes' | 'largeExtents' | 'dirtyBytes' | 'muzzyBytes' | 'retainedBytes') => sections.reduce((t, s) => t + s[key], 0);
  return {
    arena: 'merged',
    bins: [...bySize.values()].sort((a, b) => a.size - b.size),
    largeAllocatedBytes: total('largeAllocatedBytes'),
    largeExtents: total('largeExtents'),
    dirtyBytes: total('dirtyBytes'),
    muzzyBytes: total('muzzyBytes'),
    retainedBytes: total('retainedBytes'),
  };
}
