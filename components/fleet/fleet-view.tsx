'use client';

import { Fragment, useEffect, useState } from 'react';
import { useResource } from '@/lib/client/use-resource';
import { fleetResponseSchema, fleetSparklinesSchema, MAX_SPARKLINE_IDS, SPARKLINE_SPAN_MS, type FleetResponse } from '@/lib/fleet/api-schema';
import { FLEET_VERDICTS, fleetQueryParams, toggleSort, type FleetQuery, type FleetSort } from '@/lib/fleet/fleet-query';
import { VERDICT_LABEL } from '@/lib/decision';
import { formatBytes, plural } from '@/lib/format';
import { FLEET_COLUMNS, FleetRow } from './fleet-row';

/** Sparklines change slowly (an hour on 96 px): once every 30 s is plenty. */
const SPARKLINE_REFRESH_MS = 30_000;
/** The text filter waits for the typing to pause, so each keystroke is not a request. */
const TYPING_PAUSE_MS = 250;

const COLUMNS: { label: string; sort: FleetSort | null; align?: 'right' }[] = [
  { label: 'target', sort: 'name' },
  { label: 'reclaimable (allocator frag bytes)', sort: 'waste', align: 'right' },
  { label: 'RSS ratio', sort: 'rss-ratio', align: 'right' },
  { label: 'allocator ratio', sort: 'allocator-ratio', align: 'right' },
  { label: 'RSS / used', sort: null, align: 'right' },
  { label: 'last hour: allocator ratio, RSS', sort: null },
  { label: 'activedefrag', sort: null },
  { label: 'will defrag run?', sort: 'verdict' },
  { label: 'alerts', sort: 'alerts' },
];

const queryString = (q: FleetQuery) => {
  const s = fleetQueryParams(q).toString();
  return s ? `?${s}` : '';
};

/**
 * Every target, one page at a time: sorted, filtered and paged by the server (`GET /api/fleet`
 * with the page's own query), so hundreds of targets cost one page of rows. The query lives in
 * the URL, so a view can be bookmarked and survives a reload.
 */
export function FleetView({ initial, initialQuery, pollMs }: { initial: FleetResponse; initialQuery: FleetQuery; pollMs: number }) {
  const [query, setQuery] = useState(initialQuery);
  const [text, setText] = useState(initialQuery.q);
  const url = `/api/fleet${queryString(query)}`;
  const fleet = useResource(url, fleetResponseSchema, { pollMs, initial: url === `/api/fleet${queryString(initialQuery)}` ? initial : undefined });
  // While another page or filter loads, the last rows stay (marked as updating) instead of a blank table.
  // (React's "adjust state while rendering": no extra render pass, no effect.)
  const [shown, setShown] = useState(initial);
  if (fleet.data && fleet.data !== shown) setShown(fleet.data);
  const data = fleet.data ?? shown;
  const stale = fleet.error !== null;

  useEffect(() => {
    const pause = setTimeout(() => setQuery((q) => (q.q === text ? q : { ...q, q: text, page: 1 })), TYPING_PAUSE_MS);
    return () => clearTimeout(pause);
  }, [text]);
  useEffect(() => {
    // replaceState, not a navigation: the server page would render the whole fleet again for nothing.
    const next = `/fleet${queryString(query)}`;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  }, [query]);

  const ids = data.rows.slice(0, MAX_SPARKLINE_IDS).map((r) => r.id);
  const sparks = useResource(ids.length > 0 ? `/api/fleet/sparklines?ids=${ids.map(encodeURIComponent).join(',')}` : null, fleetSparklinesSchema, {
    pollMs: SPARKLINE_REFRESH_MS,
  });
  const sparkById = new Map((sparks.data?.targets ?? []).map((s) => [s.id, s]));
  const spanSeconds = sparks.data ? (sparks.data.to - sparks.data.from) / 1000 : SPARKLINE_SPAN_MS / 1000;
  const clusters = new Map(data.clusters.map((c) => [c.id, c]));
  const first = data.matched === 0 ? 0 : (data.page - 1) * data.pageSize + 1;
  const last = Math.min(data.matched, data.page * data.pageSize);
  const go = (page: number) => setQuery((q) => ({ ...q, page }));

  return (
    <section className="grid min-w-0 gap-4" aria-labelledby="fleet-title">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
        <h1 className="text-lg font-semibold" id="fleet-title">
          Fleet
        </h1>
        <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="fleet-count">
          {plural(data.total, 'target')} · {formatBytes(data.totalReclaimableBytes)} reclaimable in total
        </span>
        {stale ? <span className="text-sm text-amber-700 dark:text-amber-400">not updating: the dashboard is not answering</span> : null}
        {fleet.data === null && !stale ? (
          <span className="text-sm text-zinc-500 dark:text-zinc-400" data-testid="fleet-updating">
            updating…
          </span>
        ) : null}
      </div>
      <form className="flex flex-wrap items-center gap-3 text-sm" role="search" aria-label="Filter the fleet" onSubmit={(e) => e.preventDefault()}>
        <input
          data-testid="fleet-filter"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="filter by name or address"
          aria-label="Filter targets by name or address"
          className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-2 py-1 sm:max-w-xs dark:border-zinc-700 dark:bg-zinc-900"
        />
        <label className="flex items-center gap-1">
          verdict
          <select
            data-testid="fleet-verdict-filter"
            value={query.verdict ?? ''}
            onChange={(e) => setQuery((q) => ({ ...q, verdict: (e.target.value || null) as FleetQuery['verdict'], page: 1 }))}
            className="rounded border border-zinc-300 bg-white px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">any</option>
            {FLEET_VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_LABEL[v]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <input
            type="checkbox"
            data-testid="fleet-alerts-only"
            checked={query.alertsOnly}
            onChange={(e) => setQuery((q) => ({ ...q, alertsOnly: e.target.checked, page: 1 }))}
          />
          only with alerts
        </label>
        <span className="text-zinc-600 dark:text-zinc-400" data-testid="fleet-matched" data-matched={data.matched}>
          {data.matched === data.total ? 'showing all' : `${plural(data.matched, 'match', 'matches')}`}
        </span>
      </form>
      {/* Wide on purpose (nine columns); on a phone it scrolls inside its own box, never the page. */}
      <div className="max-w-full overflow-x-auto" data-testid="fleet-table-scroll" tabIndex={0} role="region" aria-label="Fleet table">
        <table className="w-full text-sm" data-testid="fleet-table">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500 dark:text-zinc-400">
            <tr>
              {COLUMNS.map((c) => {
                const sorted = c.sort !== null && query.sort === c.sort;
                return (
                  <th
                    key={c.label}
                    scope="col"
                    className={`pr-3 ${c.align === 'right' ? 'text-right' : ''}`}
                    aria-sort={sorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                  >
                    {c.sort === null ? (
                      c.label
                    ) : (
                      <button
                        type="button"
                        data-testid={`fleet-sort-${c.sort}`}
                        onClick={() => setQuery((q) => toggleSort(q, c.sort!))}
                        className="uppercase tracking-wide underline-offset-2 hover:underline"
                      >
                        {c.label}
                        {sorted ? (query.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row, i) => {
              const cluster = row.cluster && row.cluster.id !== data.rows[i - 1]?.cluster?.id ? clusters.get(row.cluster.id) : undefined;
              return (
                <Fragment key={row.id}>
                  {cluster ? (
                    <tr
                      data-testid="fleet-cluster"
                      data-cluster-id={cluster.id}
                      className="border-t-2 border-zinc-300 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900"
                    >
                      <td className="py-1 pr-3 font-semibold" colSpan={FLEET_COLUMNS}>
                        cluster {cluster.name} · {cluster.nodes} nodes · {formatBytes(cluster.reclaimableBytes)} reclaimable
                      </td>
                    </tr>
                  ) : null}
                  <FleetRow row={row} spark={sparkById.get(row.id)} spanSeconds={spanSeconds} />
                </Fragment>
              );
            })}
            {data.rows.length === 0 ? (
              <tr>
                <td colSpan={FLEET_COLUMNS} className="py-3 text-zinc-600 dark:text-zinc-400" data-testid="fleet-empty">
                  No target matches this filter.
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label="Fleet pages" data-testid="fleet-pager">
        <button
          type="button"
          data-testid="fleet-prev"
          disabled={data.page <= 1}
          onClick={() => go(data.page - 1)}
          className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
        >
          ← previous
        </button>
        <span data-testid="fleet-page" data-page={data.page} data-page-count={data.pageCount}>
          page {data.page} of {data.pageCount} · targets {first}–{last} of {data.matched}
        </span>
        <button
          type="button"
          data-testid="fleet-next"
          disabled={data.page >= data.pageCount}
          onClick={() => go(data.page + 1)}
          className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
        >
          next →
        </button>
      </nav>
    </section>
  );
}
