import 'server-only';
import { allocatorFacts } from '@/lib/allocator/facts';
import { allocatorAnatomy } from '@/lib/allocator/anatomy';
import type { AllocatorAnatomy, AllocatorFacts } from '@/lib/allocator/api-schema';
import { parseInfoText, readConfigStrings, readModuleList } from '@/lib/info-parser';
import { parseMallocStats } from '@/lib/malloc-stats-parser';
import { getHub } from '../core/hub';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { processGlobal } from '../core/process-global';
import { findPoller } from '../http/find-target';
import { isReplyError, redisErrorText, withAdminConnection } from '../redis/admin-connection';
import type Redis from 'ioredis';
import { purgeStatus } from './purge-limiter';

/**
 * `GET /api/targets/{id}/allocator`: the allocator's anatomy, on demand and never in the poll loop.
 * MEMORY MALLOC-STATS walks every arena under jemalloc's locks (a few ms of blocked server, a
 * ~50 KB reply), so one answer per target serves every viewer for MIN_INTERVAL_MS; `?fresh=1`
 * asks again only once that has passed.
 */
const MIN_INTERVAL_MS = 10_000;
const CACHE_KEY = 'fragscope.allocator-anatomy';

type SharedAnatomy = Omit<AllocatorAnatomy, 'purge'>;

interface Cached {
  at: number;
  anatomy: Promise<SharedAnatomy>;
}

/** After a MEMORY PURGE the shared read is stale: the next viewer asks the server again. */
export function forgetAnatomy(targetId: string): void {
  processGlobal(CACHE_KEY, () => new Map<string, Cached>()).delete(targetId);
}

export function allocatorResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    findPoller(targetId); // 404 for an unknown target before any cache entry is made
    const fresh = new URL(request.url).searchParams.get('fresh') === '1';
    const cache = processGlobal(CACHE_KEY, () => new Map<string, Cached>());
    const now = Date.now();
    let cached = cache.get(targetId);
    const reusable = cached && (now - cached.at < MIN_INTERVAL_MS || !fresh);
    if (!cached || !reusable) {
      cached = { at: now, anatomy: readAnatomy(targetId) };
      cache.set(targetId, cached);
      // A failure is not worth remembering: the next request asks again.
      cached.anatomy.catch(() => cache.get(targetId) === cached && cache.delete(targetId));
    }
    const anatomy = await cached.anatomy;
    // Who may purge is this viewer's, never part of the shared read.
    const purge = purgeStatus(targetId, request, anatomy.facts.memAllocator);
    return Response.json({ ...anatomy, purge, cachedFor: reusable ? Date.now() - anatomy.at : null } satisfies AllocatorAnatomy, {
      headers: { 'Cache-Control': 'no-store' },
    });
  });
}

async function readAnatomy(targetId: string): Promise<SharedAnatomy> {
  const hub = getHub();
  const poller = findPoller(targetId);
  const server = poller.latest()?.server ?? { engine: null, version: null };
  return withAdminConnection(poller.target, hub.config.tlsCa, async (client) => {
    const started = performance.now();
    let text: string;
    try {
      text = String(await client.call('MEMORY', 'MALLOC-STATS'));
    } catch (error) {
      if (!isReplyError(error)) throw new AppError('unavailable', `${poller.target.name}: ${redisErrorText(error, poller.target)}`);
      // Renamed or forbidden (managed services), or a server too old for it.
      throw new AppError('redis_refused', `MEMORY MALLOC-STATS is not available on ${poller.target.name}: ${redisErrorText(error, poller.target)}`);
    }
    const roundTripMs = Math.round((performance.now() - started) * 10) / 10;
    const stats = parseMallocStats(text);
    if (!stats) {
      throw new AppError(
        'redis_refused',
        `${poller.target.name} does not run jemalloc, so it has no per-size-class figures (and cannot defrag): "${text.slice(0, 120)}"`,
      );
    }
    const facts = await readFacts(client, server, poller.latest()?.info.allocator_allocated_lua ?? null);
    return {
      at: Date.now(),
      ...allocatorAnatomy(stats, server),
      infoFragBytes: facts.info.allocator_frag_bytes,
      cost: { roundTripMs, replyBytes: Buffer.byteLength(text) },
      cachedFor: null,
      facts: facts.facts,
    };
  });
}

/**
 * What the "cannot fix" panel reasons from, read right after the anatomy. CONFIG and MODULE LIST
 * may be refused (managed services, ACLs): then that fact is null ("unknown"), not an error.
 */
async function readFacts(client: Redis, server: Pick<AllocatorFacts, 'engine' | 'version'>, allocatedLua: number | null) {
  const parsed = parseInfoText(String(await client.info('memory')));
  const bgThread = await client
    .call('CONFIG', 'GET', 'jemalloc-bg-thread')
    .then((reply) => readConfigStrings(Array.isArray(reply) ? reply : []).get('jemalloc-bg-thread'))
    .catch(() => undefined);
  const modules = await client
    .call('MODULE', 'LIST')
    .then(readModuleList)
    .catch(() => null);
  return allocatorFacts(parsed, server, {
    allocator_allocated_lua: allocatedLua,
    jemallocBgThread: bgThread === 'yes' ? true : bgThread === 'no' ? false : null,
    modules,
  });
}
