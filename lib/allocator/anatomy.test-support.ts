import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInfoText } from '../info-parser';
import { allocatorFacts } from './facts';
import { parseMallocStats } from '../malloc-stats-parser';
import { allocatorAnatomy } from './anatomy';
import type { AllocatorAnatomy, AllocatorFacts } from './api-schema';

/** Test helpers for lib/allocator and components/allocator (no test of their own). */

const fixture = (name: string) => readFileSync(path.join(__dirname, '../fixtures', name), 'utf8');

/**
 * A recorded read: `<prefix>-malloc-stats.txt` and the INFO memory taken right after it
 * (`<prefix>-malloc-stats-info-memory.txt`), as the route builds it. `facts` overrides what the
 * fixtures cannot hold (CONFIG GET, MODULE LIST).
 */
export function fixtureAnatomy(prefix: string, server: { engine: 'redis' | 'valkey'; version: string }, facts: Partial<AllocatorFacts> = {}): AllocatorAnatomy {
  const parsed = parseInfoText(fixture(`${prefix}-malloc-stats-info-memory.txt`));
  const { info, facts: read } = allocatorFacts(parsed, server, { allocator_allocated_lua: null, jemallocBgThread: true, modules: [] });
  return {
    at: 0,
    ...allocatorAnatomy(parseMallocStats(fixture(`${prefix}-malloc-stats.txt`))!, server),
    infoFragBytes: info.allocator_frag_bytes,
    cost: { roundTripMs: 1, replyBytes: 1 },
    cachedFor: null,
    facts: {
      ...read,
      ...facts,
    },
    purge: {
      available: true,
      unavailableReason: null,
      access: { allowed: true, writesEnabled: true, signedInAs: 'admin', targetReadonly: false, configUnavailable: null, reason: null },
      retryAfterMs: null,
    },
  };
}
