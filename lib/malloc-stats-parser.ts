import type { AllocatorBin } from './allocator/api-schema';

/**
 * `MEMORY MALLOC-STATS` is jemalloc's `malloc_stats_print` text (~20-60 KB). Like lib/info-parser.ts
 * for INFO, this is the one place where that text becomes typed data. The tables are read by their
 * header names, not by position: jemalloc 5.2 and 5.3 print different column sets.
 */

export interface MallocStatsSection {
  /** `arenas[N]` index, or 'merged' for "Merged arenas stats" (printed only when several arenas exist). */
  arena: number | 'merged';
  bins: AllocatorBin[];
  /** The `large:` line of the allocated/nmalloc summary. */
  largeAllocatedBytes: number;
  /** Sum of `curlextents` over the large size classes. */
  largeExtents: number;
  dirtyBytes: number;
  muzzyBytes: number;
  retainedBytes: number;
}

export interface MallocStats {
  jemallocVersion: string | null;
  /** `opt.narenas`: the automatic arenas; Redis 7.4+ creates its Lua arena after them. */
  narenas: number | null;
  totals: { allocated: number | null; active: number | null; resident: number | null; mapped: number | null; metadata: number | null };
  sections: MallocStatsSection[];
}

/** Null when the text is not jemalloc's (e.g. "Stats not supported for the current allocator" on libc builds). */
export function parseMallocStats(text: string): MallocStats | null {
  if (!text.includes('Begin jemalloc statistics')) return null;
  const lines = text.split(/\r?\n/);
  const stats: MallocStats = {
    jemallocVersion: /^Version: "([^"]*)"/m.exec(text)?.[1] ?? null,
    narenas: numberOrNull(/^\s*opt\.narenas: (\d+)/m.exec(text)?.[1]),
    totals: readTotals(text),
    sections: [],
  };
  let section: MallocStatsSection | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const arena = /^arenas\[(\d+)\]:/.exec(line);
    if (arena || line.startsWith('Merged arenas stats:')) {
      section = {
        arena: arena ? Number(arena[1]) : 'merged',
        bins: [],
        largeAllocatedBytes: 0,
        largeExtents: 0,
        dirtyBytes: 0,
        muzzyBytes: 0,
        retainedBytes: 0,
      };
      stats.sections.push(section);
      continue;
    }
    // "Destroyed arenas stats" and anything after the per-arena part is not the live heap.
    if (/^\S.*stats:$/.test(line) || line.startsWith('--- End jemalloc statistics')) section = null;
    if (!section) continue;
    const words = line.trim().split(/\s+/);
    if (words[0] === 'large:' && words[1] !== 'size') {
      section.largeAllocatedBytes = Number(words[1]) || 0;
    } else if (words[0] === 'bins:' || (words[0] === 'large:' && words[1] === 'size') || words[0] === 'extents:') {
      const table = readTable(lines, i);
      i = table.end - 1;
      if (words[0] === 'bins:') section.bins = table.rows.map(toBin);
      else if (words[0] === 'large:') section.largeExtents = sum(table.rows, 'curlextents');
      else {
        section.dirtyBytes = sum(table.rows, 'dirty');
        section.muzzyBytes = sum(table.rows, 'muzzy');
        section.retainedBytes = sum(table.rows, 'retained');
      }
    }
  }
  return stats;
}

type Row = Map<string, number>;

/**
 * A table starts with a header line (`bins:  size ind allocated nmalloc (#/sec) ...`) whose words
 * name the columns of the rows below, `(#/sec)` included; rows are numbers, `---` marks a gap
 * between size-class groups, and the first other line ends the table.
 */
function readTable(lines: readonly string[], headerAt: number): { rows: Row[]; end: number } {
  const names = lines[headerAt]!.trim().split(/\s+/).slice(1);
  const rows: Row[] = [];
  let i = headerAt + 1;
  for (; i < lines.length; i++) {
    const words = lines[i]!.trim().split(/\s+/);
    if (words[0] === '---') continue;
    if (words.length < names.length || !/^\d/.test(words[0] ?? '')) break;
    const row: Row = new Map();
    names.forEach((name, k) => {
      // Several columns are called "(#/sec)": the first of each name wins, which is all we read.
      if (!row.has(name)) row.set(name, Number(words[k]));
    });
    rows.push(row);
  }
  return { rows, end: i };
}

function toBin(row: Row): AllocatorBin {
  const size = row.get('size') ?? 0;
  const curregs = row.get('curregs') ?? 0;
  const curslabs = row.get('curslabs') ?? 0;
  const regs = row.get('regs') ?? 0;
  return {
    size,
    curregs,
    curslabs,
    nonfullSlabs: row.get('nonfull_slabs') ?? null,
    regs,
    pgs: row.get('pgs') ?? 0,
    util: row.get('util') ?? 0,
    // The same sum the server makes for allocator_frag_bytes on Redis 7.4+ / Valkey 8+.
    wastedBytes: Math.max(0, (curslabs * regs - curregs) * size),
  };
}

function sum(rows: readonly Row[], column: string): number {
  return rows.reduce((total, row) => total + (Number.isFinite(row.get(column)) ? row.get(column)! : 0), 0);
}

function readTotals(text: string): MallocStats['totals'] {
  // "Allocated: 22529968, active: 56475648, metadata: 3520800 (n_thp 0), resident: 61890560, mapped: 66912256, retained: 9633792"
  const line = /^Allocated: .*$/m.exec(text)?.[0] ?? '';
  const field = (name: string) => numberOrNull(new RegExp(`${name}: (\\d+)`, 'i').exec(line)?.[1]);
  return { allocated: field('Allocated'), active: field('active'), resident: field('resident'), mapped: field('mapped'), metadata: field('metadata') };
}

function numberOrNull(text: string | undefined): number | null {
  return text === undefined ? null : Number(text);
}
