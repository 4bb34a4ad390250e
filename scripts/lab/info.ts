import type { Redis } from 'ioredis';

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

// A deliberately tiny parser: lib/server/info-parser.ts is the app's real one, but it imports
// 'server-only' (throws outside Next) and the lab only needs a handful of numeric fields.
export function parseInfo(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) values.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return values;
}

function numberField(values: Map<string, string>, name: string): number {
  const raw = values.get(name);
  const value = raw === undefined ? Number.NaN : Number(raw);
  return Number.isFinite(value) ? value : Number.NaN;
}

export function memoryFiguresFrom(infoText: string): MemoryFigures {
  const v = parseInfo(infoText);
  return {
    used_memory: numberField(v, 'used_memory'),
    used_memory_rss: numberField(v, 'used_memory_rss'),
    mem_fragmentation_ratio: numberField(v, 'mem_fragmentation_ratio'),
    allocator_frag_ratio: numberField(v, 'allocator_frag_ratio'),
    allocator_frag_bytes: numberField(v, 'allocator_frag_bytes'),
    // Missing on non-defrag builds of some versions: 0 is the honest reading there.
    active_defrag_running: v.has('active_defrag_running') ? numberField(v, 'active_defrag_running') : 0,
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
  if (!Number.isFinite(bytes)) return 'n/a';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${sign}${unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export function formatRatio(ratio: number): string {
  return Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a';
}

/** A small aligned table: one row per figure, one column per labelled reading. */
export function formatFiguresTable(columns: Array<[label: string, figures: MemoryFigures]>): string {
  const rows: Array<[string, (f: MemoryFigures) => string]> = [
    ['used_memory', (f) => formatBytes(f.used_memory)],
    ['used_memory_rss', (f) => formatBytes(f.used_memory_rss)],
    ['mem_fragmentation_ratio', (f) => formatRatio(f.mem_fragmentation_ratio)],
    ['allocator_frag_ratio', (f) => formatRatio(f.allocator_frag_ratio)],
    ['allocator_frag_bytes', (f) => formatBytes(f.allocator_frag_bytes)],
  ];
  const nameWidth = Math.max(...rows.map(([name]) => name.length));
  const cells = columns.map(([label, figures]) => [label, ...rows.map(([, fmt]) => fmt(figures))]);
  const widths = cells.map((column) => Math.max(...column.map((c) => c.length)));
  const line = (name: string, values: string[]) =>
    `  ${name.padEnd(nameWidth)}  ${values.map((v, i) => v.padStart(widths[i] ?? 0)).join('  ')}`;
  return [
    line('', cells.map((c) => c[0] ?? '')),
    ...rows.map(([name], r) => line(name, cells.map((c) => c[r + 1] ?? ''))),
  ].join('\n');
}
