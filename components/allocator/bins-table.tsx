import type { AllocatorBin } from '@/lib/allocator/api-schema';
import { formatBytes } from '@/lib/format';

/** jemalloc's per-bin figures, the ones maintainers ask for in "defrag does not work" reports. */
export function BinsTable({ bins }: { bins: readonly AllocatorBin[] }) {
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
      <table className="w-full text-right text-xs tabular-nums" data-testid="allocator-bins">
        <caption className="sr-only">Small-bin size classes: regions in use, slabs, utilisation and wasted bytes</caption>
        <thead className="sticky top-0 bg-zinc-50 dark:bg-zinc-900">
          <tr>
            <th className="px-2 py-1">size</th>
            <th className="px-2 py-1">regions in use</th>
            <th className="px-2 py-1">slabs</th>
            <th className="px-2 py-1">non-full</th>
            <th className="px-2 py-1">regions / slab</th>
            <th className="px-2 py-1">utilisation</th>
            <th className="px-2 py-1">wasted</th>
          </tr>
        </thead>
        <tbody>
          {bins.map((b) => (
            <tr key={b.size} className="border-t border-zinc-100 dark:border-zinc-800">
              <td className="px-2 py-0.5">{formatBytes(b.size)}</td>
              <td className="px-2 py-0.5">{b.curregs.toLocaleString('en-US')}</td>
              <td className="px-2 py-0.5">{b.curslabs.toLocaleString('en-US')}</td>
              <td className="px-2 py-0.5">{b.nonfullSlabs === null ? '—' : b.nonfullSlabs.toLocaleString('en-US')}</td>
              <td className="px-2 py-0.5">{b.regs}</td>
              <td className="px-2 py-0.5">{b.curslabs === 0 ? '—' : `${Math.round(b.util * 100)} %`}</td>
              <td className="px-2 py-0.5">{formatBytes(b.wastedBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
