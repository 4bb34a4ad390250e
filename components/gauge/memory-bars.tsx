import { formatBytes } from '@/lib/format';

interface MemoryBarsProps {
  used: number | null;
  rss: number | null;
  allocated: number | null;
  active: number | null;
  resident: number | null;
}

/** used_memory against RSS and the allocator's view, on one scale. */
export function MemoryBars({ used, rss, allocated, active, resident }: MemoryBarsProps) {
  const rows = [
    { label: 'used_memory', value: used, testId: 'mem-used', className: 'bg-sky-500' },
    { label: 'allocator_active', value: active, testId: 'mem-allocator-active', className: 'bg-violet-400' },
    { label: 'allocator_resident', value: resident, testId: 'mem-allocator-resident', className: 'bg-violet-600' },
    { label: 'used_memory_rss', value: rss, testId: 'mem-rss', className: 'bg-orange-500' },
  ];
  const scale = Math.max(1, ...rows.map((r) => r.value ?? 0));
  return (
    <div className="space-y-1.5" data-testid="memory-bars" title={`allocator_allocated ${formatBytes(allocated)}`}>
      {rows.map((row) => (
        <div key={row.label} className="grid grid-cols-[9.5rem_1fr_5rem] items-center gap-2 text-xs">
          <span className="font-mono text-zinc-500">{row.label}</span>
          <span className="h-2.5 rounded bg-zinc-200 dark:bg-zinc-800">
            <span className={`block h-2.5 rounded ${row.className}`} style={{ width: `${((row.value ?? 0) / scale) * 100}%` }} />
          </span>
          <span className="text-right tabular-nums" data-testid={row.testId}>
            {formatBytes(row.value)}
          </span>
        </div>
      ))}
    </div>
  );
}
