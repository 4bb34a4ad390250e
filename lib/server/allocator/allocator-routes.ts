import 'server-only';
import { allocatorAnatomy } from '@/lib/allocator/anatomy';
import type { AllocatorAnatomy } from '@/lib/allocator/api-schema';
import { parseInfoText, readInfoFields } from '@/lib/info-parser';
import { parseMallocStats } from '@/lib/malloc-stats-parser';
import { getHub } from '../core/hub';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { processGlobal } from '../core/process-global';
import { findPoller } from '../http/find-target';
import { isReplyError, redisErrorText, withAdminConnection } from '../redis/admin-connection';

/**
 * `GET /api/targets/{id}/allocator`: the allocator's anatomy, on demand and never in the poll loop.
 * MEMORY MALLOC-STATS walks every arena under jemalloc's locks (a few ms of blocked server, a
 * ~50 KB reply), so one answer per target serves every viewer for MIN_INTERVAL_MS; `?fresh=1`
 * asks again only once that has passed.
 */
const MIN_INTERVAL_MS = 10_000;
const CACHE_KEY = 'fragscope.allocator-anatomy';

interface Cached {
  at: number;
  anatomy: Promise<AllocatorAnatomy>;
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
    return Response.json({ ...anatomy, cachedFor: reusable ? Date.now() - anatomy.at : null } satisfies AllocatorAnatomy);
  });
}

async function readAnatomy(targetId: string): Promise<AllocatorAnatomy> {
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
    const info = readInfoFields(parseInfoText(String(await client.info('memory')))).info;
    return {
      at: Date.now(),
      ...allocatorAnatomy(stats, server),
      infoFragBytes: info.allocator_frag_bytes,
      cost: { roundTripMs, replyBytes: Buffer.byteLength(text) },
      cachedFor: null,
    };
  });
}
