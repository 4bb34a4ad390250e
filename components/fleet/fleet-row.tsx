import Link from 'next/link';
import type { FleetRow as Row } from '@/lib/fleet/api-schema';
import { formatBytes, formatRatio } from '@/lib/format';

const VERDICT: Record<Row['verdict'], { text: string; className: string }> = {
  running: { text: 'RUNNING', className: 'text-emerald-700 dark:text-emerald-400' },
  'will-run': { text: 'will run', className: 'text-sky-700 dark:text-sky-400' },
  'will-not-run': { text: 'will not run', className: 'text-zinc-600 dark:text-zinc-400' },
  unknown: { text: 'unknown', className: 'text-zinc-500' },
};

const HEALTH: Record<Row['health'], string> = {
  healthy: 'healthy',
  moderate: 'MODERATE',
  high: 'HIGH',
  'below-one': 'below 1 (swap?)',
  'too-small': 'too small to judge',
  unknown: '—',
};

/** One target: figures exactly as INFO prints them, a word beside every colour, a link to its page. */
export function FleetRow({ row }: { row: Row }) {
  const verdict = VERDICT[row.verdict];
  const defrag =
    row.defragRunning !== null && row.defragRunning > 0
      ? `running, ${row.defragRunning} % CPU`
      : row.activedefrag === null
        ? '—'
        : `${row.activedefrag ? 'on' : 'off'}${row.defragSupported === false ? ' (unsupported build)' : ''}`;
  return (
    <tr
      data-testid="fleet-row"
      data-target-id={row.id}
      data-waste={row.reclaimableBytes ?? ''}
      className={`border-t border-zinc-200 dark:border-zinc-800 ${row.connected ? '' : 'opacity-60'}`}
    >
      <td className="py-1 pr-3">
        <Link href={`/?target=${encodeURIComponent(row.id)}`} className="font-medium underline-offset-2 hover:underline" data-testid="fleet-open">
          {row.name}
        </Link>
        <div className="text-xs text-zinc-500">
          {row.address}
          {row.engine ? ` · ${row.engine} ${row.version ?? ''}` : ''}
          {row.cluster?.role ? ` · ${row.cluster.role}` : ''}
          {row.connected ? '' : ' · DISCONNECTED'}
        </div>
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="allocator_frag_bytes">
        {formatBytes(row.reclaimableBytes)}
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="mem_fragmentation_ratio">
        {formatRatio(row.rssRatio)} <span className="text-xs text-zinc-500">{HEALTH[row.health]}</span>
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="allocator_frag_ratio">
        {formatRatio(row.allocatorRatio)}
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="used_memory_rss / used_memory">
        {formatBytes(row.rssBytes)} / {formatBytes(row.usedBytes)}
      </td>
      <td className="py-1 pr-3">{defrag}</td>
      <td className={`py-1 pr-3 ${verdict.className}`} data-testid="fleet-verdict" data-verdict={row.verdict}>
        {verdict.text}
        {row.verdict === 'will-not-run' && row.blocking ? (
          <div className="text-xs text-zinc-500" data-testid="fleet-blocked">
            blocked: {row.blocking}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
