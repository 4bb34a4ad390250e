import { z } from 'zod';
import { writeAccessSchema } from '../session/api-schema';

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

const nullableNumber = z.number().nullable();

/**
 * INFO and config figures read with the anatomy, on the same connection right after it: what the
 * "cannot fix" panel reasons from (lib/allocator/cannot-fix.ts). Null where the version lacks the
 * field or the server refused to say.
 */
export const allocatorFactsSchema = z.object({
  /** The server as the poller last saw it: which formula INFO follows and whether a Lua arena exists. */
  engine: z.enum(['redis', 'valkey']).nullable(),
  version: z.string().nullable(),
  /** `mem_allocator` ("jemalloc-5.3.0", "libc"). */
  memAllocator: z.string().nullable(),
  used_memory_rss: nullableNumber,
  allocator_allocated: nullableNumber,
  allocator_active: nullableNumber,
  allocator_resident: nullableNumber,
  /** allocator_resident − allocator_active: pages resident but holding no live allocation. */
  allocator_rss_bytes: nullableNumber,
  /** Redis 7.4+ / Valkey 8+. */
  allocator_muzzy: nullableNumber,
  used_memory_lua: nullableNumber,
  /** `INFO debug` (Redis 7.4+), from the poller's latest sample; null where refused or absent. */
  allocator_allocated_lua: nullableNumber,
  lazyfree_pending_objects: nullableNumber,
  /** `CONFIG GET jemalloc-bg-thread`; null when CONFIG is refused or the server has no such parameter. */
  jemallocBgThread: z.boolean().nullable(),
  /** `MODULE LIST`; null when the server refused it (then module data types are unknown). */
  modules: z.array(z.object({ name: z.string(), ver: z.number().nullable() })).nullable(),
});
export type AllocatorFacts = z.infer<typeof allocatorFactsSchema>;

/** Whether this viewer can ask for MEMORY PURGE now, and if not, why (per request, never cached). */
export const purgeStatusSchema = z.object({
  /** False when the command cannot help on this server (not jemalloc), with the reason. */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  access: writeAccessSchema,
  /** Set while the per-target rate limit holds: ms until the next purge is allowed. */
  retryAfterMs: nullableNumber,
});
export type PurgeStatus = z.infer<typeof purgeStatusSchema>;

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
  facts: allocatorFactsSchema,
  purge: purgeStatusSchema,
});
export type AllocatorAnatomy = z.infer<typeof allocatorAnatomySchema>;

/** RSS figures around a MEMORY PURGE, read from INFO memory (refreshed by the server every 100 ms). */
export const purgeFiguresSchema = z.object({
  used_memory_rss: nullableNumber,
  allocator_resident: nullableNumber,
  allocator_rss_bytes: nullableNumber,
});
export type PurgeFigures = z.infer<typeof purgeFiguresSchema>;

/** `POST /api/targets/{id}/allocator/purge` (no body, or `{}`): what MEMORY PURGE gave back. */
export const purgeResultSchema = z.object({
  auditId: z.string(),
  actor: z.string(),
  at: z.number(),
  before: purgeFiguresSchema,
  after: purgeFiguresSchema,
  /** used_memory_rss before minus after (negative when RSS grew meanwhile). */
  releasedRssBytes: nullableNumber,
  /** The command's own round trip. */
  durationMs: z.number(),
});
export type PurgeResult = z.infer<typeof purgeResultSchema>;
