import { identityField, infoNumber, readInfoFields, type parseInfoText } from '../info-parser';
import type { AllocatorFacts } from './api-schema';

/**
 * The "cannot fix" panel's facts from INFO memory (parsed once, by info-parser.ts) and what the
 * route read beside it (CONFIG GET jemalloc-bg-thread, MODULE LIST, INFO debug's Lua arena);
 * null where that was refused or is absent: "unknown", not an error.
 */
export function allocatorFacts(
  parsed: ReturnType<typeof parseInfoText>,
  server: Pick<AllocatorFacts, 'engine' | 'version'>,
  read: Pick<AllocatorFacts, 'allocator_allocated_lua' | 'jemallocBgThread' | 'modules'>,
): { info: ReturnType<typeof readInfoFields>['info']; facts: AllocatorFacts } {
  const { info } = readInfoFields(parsed);
  const facts: AllocatorFacts = {
    engine: server.engine,
    version: server.version,
    memAllocator: identityField(parsed, 'mem_allocator'),
    used_memory_rss: info.used_memory_rss,
    allocator_allocated: info.allocator_allocated,
    allocator_active: info.allocator_active,
    allocator_resident: info.allocator_resident,
    allocator_rss_bytes: info.allocator_rss_bytes,
    allocator_muzzy: info.allocator_muzzy,
    used_memory_lua: infoNumber(parsed, 'used_memory_lua'),
    allocator_allocated_lua: read.allocator_allocated_lua,
    lazyfree_pending_objects: info.lazyfree_pending_objects,
    jemallocBgThread: read.jemallocBgThread,
    modules: read.modules,
  };
  return { info, facts };
}
