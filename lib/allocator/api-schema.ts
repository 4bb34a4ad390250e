import { z } from 'zod';

/**
 * `GET /api/targets/{id}/allocator`: jemalloc's own per-size-class figures (`MEMORY MALLOC-STATS`),
 * merged over the arenas that hold the dataset. Active defrag moves small-bin regions only, so the
 * small bins' free regions are what it can reclaim; large extents and dirty/muzzy pages are not.
 */
export const allocatorBinSchema = z.object({
  /** Region size of the size class, bytes. */
  size: z.number(),
  /** Regions in use. */
  curregs: z.number(),
  /** Slabs (runs of pages) this class holds. */
  curslabs: z.number(),
  /** Slabs with at least one free region (jemalloc >= 5.2 prints it; null before). */
  nonfullSlabs: z.number().nullable(),
  /** Regions per slab. */
  regs: z.number(),
  /** Pages per slab. */
  pgs: z.number(),
  /** curregs / (curslabs * regs), as jemalloc prints it (1 when the class holds no slab). */
  util: z.number(),
  /** `(curslabs * regs - curregs) * size`: bytes held by slabs but not by any allocation. */
  wastedBytes: z.number(),
});
export type AllocatorBin = z.infer<typeof allocatorBinSchema>;

export const allocatorArenaSchema = z.object({
  /** jemalloc's `arenas[N]` index. */
  index: z.number(),
  smallBinsWastedBytes: z.number(),
  /** Why this arena is counted apart, e.g. Redis 7.4+'s Lua arena (INFO leaves it out too). */
  excluded: z.string().nullable(),
});

export const allocatorAnatomySchema = z.object({
  /** When the server was asked (ms since the epoch). */
  at: z.number(),
  /** jemalloc's version line, e.g. "5.3.0-0-g0". */
  jemallocVersion: z.string().nullable(),
  bins: z.array(allocatorBinSchema),
  /** Sum of the bins' wasted bytes (the arenas marked `excluded` left out). */
  smallBinsWastedBytes: z.number(),
  /** Large allocations (beyond the biggest bin): defrag never moves them. */
  large: z.object({ allocatedBytes: z.number(), extents: z.number() }),
  /** Pages freed by the allocator but not yet returned to the OS (purging returns them, not defrag). */
  dirtyBytes: z.number(),
  muzzyBytes: z.number(),
  retainedBytes: z.number(),
  /** jemalloc's totals line: allocated, active, resident, mapped, metadata. */
  totals: z.object({
    allocated: z.number().nullable(),
    active: z.number().nullable(),
    resident: z.number().nullable(),
    mapped: z.number().nullable(),
    metadata: z.number().nullable(),
  }),
  arenas: z.array(allocatorArenaSchema),
  /** INFO's allocator_frag_bytes read right after, for the reconciliation, and what it counts on this version. */
  infoFragBytes: z.number().nullable(),
  infoFragMeaning: z.enum(['small-bins', 'active-minus-allocated', 'unknown']),
  /** What asking cost: the round trip of MEMORY MALLOC-STATS and the size of its reply. */
  cost: z.object({ roundTripMs: z.number(), replyBytes: z.number() }),
  /** Set when the answer came from the per-target cache instead of a new call. */
  cachedFor: z.number().nullable(),
});
export type AllocatorAnatomy = z.infer<typeof allocatorAnatomySchema>;
