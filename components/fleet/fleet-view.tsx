'use client';

import { useState } from 'react';
import { useResource } from '@/lib/client/use-resource';
import { fleetResponseSchema, groupFleet, type FleetResponse } from '@/lib/fleet/api-schema';
import { formatBytes, plural } from '@/lib/format';
import { FleetRow } from './fleet-row';

/** A Redis Cluster as a group: a header with the total waste, then one row per node. */
function ClusterRows({ id, name, waste, rows }: { id: string; name: string; waste: number; rows: FleetResponse['rows'] }) {
  return (
    <>
      <tr data-testid="fleet-cluster" data-cluster-id={id} className="border-t-2 border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900">
        <td className="py-1 pr-3 font-semibold" colSpan={7}>
          cluster {name} · {rows.length} nodes · {formatBytes(waste)} reclaimable
        </td>
      </tr>
      {rows.map((row) => (
        <FleetRow key={row.id} row={row} />
      ))}
    </>
  );
}

/** Every target on one page, sorted by reclaimable waste: where defrag (or a restart) pays most. */
export function FleetView({ initial, pollMs }: { initial: FleetResponse; pollMs: number }) {
  // One small JSON every few seconds, answered from the pollers' memory; a failed fetch keeps the last rows.
  const fleet = useResource('/api/fleet', fleetResponseSchema, { pollMs, initial });
  const data = fleet.data ?? initial;
  const stale = fleet.error !== null;
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLowerCase();
  const rows = needle ? data.rows.filter((r) => `${r.name} ${r.address} ${r.id}`.toLowerCase().includes(needle)) : data.rows;
  const totalWaste = data.rows.reduce((sum, r) => sum + (r.reclaimableBytes ?? 0), 0);
  return (
    <section className="grid gap-4" aria-labelledby="fleet-title">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
        <h1 className="text-lg font-semibold" id="fleet-title">
          Fleet
        </h1>
        <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="fleet-count">
          {plural(data.rows.length, 'target')} · {formatBytes(totalWaste)} reclaimable in total
        </span>
        {stale ? <span className="text-sm text-amber-700 dark:text-amber-400">not updating: the dashboard is not answering</span> : null}
        <input
          data-testid="fleet-filter"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="filter by name or address"
          aria-label="Filter targets by name or address"
          className="ml-auto min-w-0 rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        />
      </div>
      {/* Wide on purpose (seven figures a row); on a phone it scrolls inside its own box, never the page. */}
      <div className="max-w-full overflow-x-auto" data-testid="fleet-table-scroll" tabIndex={0} role="region" aria-label="Fleet table">
        <table className="w-full text-sm" data-testid="fleet-table">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="pr-3">target</th>
              <th className="pr-3 text-right">reclaimable (allocator frag bytes)</th>
              <th className="pr-3 text-right">RSS ratio</th>
              <th className="pr-3 text-right">allocator ratio</th>
              <th className="pr-3 text-right">RSS / used</th>
              <th className="pr-3">activedefrag</th>
              <th className="pr-3">will defrag run?</th>
            </tr>
          </thead>
          <tbody>
            {groupFleet(rows).map((item) =>
              item.kind === 'target' ? (
                <FleetRow key={item.row.id} row={item.row} />
              ) : (
                <ClusterRows key={`cluster-${item.id}`} name={item.name} id={item.id} waste={item.reclaimableBytes} rows={item.rows} />
              ),
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
