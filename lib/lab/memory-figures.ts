import type { Redis } from 'ioredis';
import { formatBytes as formatBytesShared, formatRatio as formatRatioShared } from '../format';
import { parseInfoText, readInfoFields } from '../info-parser';

/**
 * The figures the lab reports. Two kinds of "fragmentation" (see redis-defrag-facts.md s.1):
 * mem_fragmentation_ratio is RSS/used_memory (what operators look at), allocator_frag_* is the
 * jemalloc waste that active defrag actually acts on.
 */
export interface MemoryFigures {
  used_memory: number;
  used_memory_rss: number;
  mem_fragmentation_ratio: number;
  allocator_frag_ratio: number;
  allocator_frag_bytes: number;
  /** Target CPU percent of a running defrag pass (0 = idle); not a 0/1 flag. */
  active_defrag_running: number;
}

/** Missing or unreadable figures are NaN here (the lab prints them as n/a). */
export function memoryFiguresFrom(infoText: string): MemoryFigures {
  const { info } = readInfoFields(parseInfoText(infoText));
  const figure = (value: number | null) => value ?? Number.NaN;
  return {
    used_memory: figure(info.used_memory),
    used_memory_rss: figure(info.used_memory_rss),
    mem_fragmentation_ratio: figure(info.mem_fragmentation_ratio),
    allocator_frag_ratio: figure(info.allocator_frag_ratio),
    allocator_frag_bytes: figure(info.allocator_frag_bytes),
    // Missing on non-defrag builds of some versions: 0 is the honest reading there.
    active_defrag_running: info.active_defrag_running ?? 0,
  };
}

export async function readMemoryFigures(client: Redis): Promise<MemoryFigures> {
  return memoryFiguresFrom(await client.info('memory'));
}

/**
 * Allocator stats and RSS are resampled by the server's cron every 100 ms, so a reading taken
 * right after a burst of writes or deletes still shows the old state. Half a second (5 samples)
 * is enough at the default hz 10.
 */
export async function readSettledMemoryFigures(client: Redis, settleMs = 500): Promise<MemoryFigures> {
  await new Promise((r) => setTimeout(r, settleMs));
  return readMemoryFigures(client);
}

export function formatBytes(bytes: number): string {
  return formatBytesShared(bytes, 'n/a');
}

export function formatRatio(ratio: number): string {
  return formatRatioShared(ratio, 'n/a');
}
