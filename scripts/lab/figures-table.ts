import { formatBytes, formatRatio, type MemoryFigures } from '../../lib/lab/memory-figures';

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
  const line = (name: string, values: string[]) => `  ${name.padEnd(nameWidth)}  ${values.map((v, i) => v.padStart(widths[i] ?? 0)).join('  ')}`;
  return [
    line(
      '',
      cells.map((c) => c[0] ?? ''),
    ),
    ...rows.map(([name], r) =>
      line(
        name,
        cells.map((c) => c[r + 1] ?? ''),
      ),
    ),
  ].join('\n');
}
