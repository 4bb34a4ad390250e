import Link from 'next/link';
import { VERDICT_LABEL } from '@/lib/decision';
import type { FleetRow as Row, Sparkline as SparklineData } from '@/lib/fleet/api-schema';
import { formatBytes, formatRatio, plural } from '@/lib/format';
import { Sparkline } from './sparkline';

const VERDICT_CLASS: Record<Row['verdict'], string> = {
  running: 'text-emerald-700 dark:text-emerald-400',
  'will-run': 'text-sky-700 dark:text-sky-400',
  'will-not-run': 'text-zinc-600 dark:text-zinc-400',
  unknown: 'text-zinc-500 dark:text-zinc-400',
};

const HEALTH: Record<Row['health'], string> = {
  healthy: 'healthy',
  moderate: 'MODERATE',
  high: 'HIGH',
  'below-one': 'below 1 (swap?)',
  'too-small': 'too small to judge',
  unknown: '—',
};

/** Columns of a row, for the cluster header's colSpan. */
export const FLEET_COLUMNS = 9;

/** One target: figures exactly as INFO prints them, a word beside every colour, a link to its page. */
export function FleetRow({ row, spark, spanSeconds }: { row: Row; spark: SparklineData | undefined; spanSeconds: number }) {
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
      data-allocator-ratio={row.allocatorRatio ?? ''}
      data-rss-ratio={row.rssRatio ?? ''}
      className={`border-t border-zinc-200 dark:border-zinc-800 ${row.connected ? '' : 'opacity-60'}`}
    >
      <td className="py-1 pr-3">
        <Link href={`/?target=${encodeURIComponent(row.id)}`} className="font-medium underline-offset-2 hover:underline" data-testid="fleet-open">
          {row.name}
        </Link>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">
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
        {formatRatio(row.rssRatio)} <span className="text-xs text-zinc-500 dark:text-zinc-400">{HEALTH[row.health]}</span>
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="allocator_frag_ratio">
        {formatRatio(row.allocatorRatio)}
      </td>
      <td className="py-1 pr-3 text-right tabular-nums" title="used_memory_rss / used_memory">
        {formatBytes(row.rssBytes)} / {formatBytes(row.usedBytes)}
      </td>
      <td className="py-1 pr-3">
        {/* The last hour from the dashboard's memory: fetched for the visible page only. */}
        <div className="flex gap-2" data-testid="fleet-sparklines" data-loaded={spark ? 'yes' : 'no'}>
          <Sparkline
            t={spark?.t ?? []}
            values={spark?.allocatorRatio ?? []}
            spanSeconds={spanSeconds}
            label="allocator ratio"
            format={formatRatio}
            testId="spark-allocator"
          />
          <Sparkline t={spark?.t ?? []} values={spark?.rssBytes ?? []} spanSeconds={spanSeconds} label="RSS" format={formatBytes} testId="spark-rss" />
        </div>
      </td>
      <td className="py-1 pr-3">{defrag}</td>
      <td className={`py-1 pr-3 ${VERDICT_CLASS[row.verdict]}`} data-testid="fleet-verdict" data-verdict={row.verdict}>
        {VERDICT_LABEL[row.verdict]}
        {row.verdict === 'will-not-run' && row.blocking ? (
          <div className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="fleet-blocked">
            blocked: {row.blocking}
          </div>
        ) : null}
      </td>
      <td className="py-1 pr-3" data-testid="fleet-alerts" data-count={row.alerts.count}>
        {row.alerts.count === 0 ? (
          <span className="text-xs text-zinc-500 dark:text-zinc-400">none</span>
        ) : (
          <Link
            href={`/alerts?target=${encodeURIComponent(row.id)}`}
            title={row.alerts.rules.join(', ')}
            className={`text-xs font-semibold underline-offset-2 hover:underline ${row.alerts.severity === 'critical' ? 'text-red-700 dark:text-red-400' : 'text-amber-800 dark:text-amber-300'}`}
          >
            {plural(row.alerts.count, 'alert')} firing{row.alerts.severity ? ` (${row.alerts.severity.toUpperCase()})` : ''}
          </Link>
        )}
      </td>
    </tr>
  );
}
