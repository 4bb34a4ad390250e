'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { alertHistoryResponseSchema, type AlertHistoryEntry } from '@/lib/alerts/api-schema';
import { historyParams, type AlertHistoryQuery } from '@/lib/alerts/history';
import { useResource } from '@/lib/client/use-resource';
import { formatBytes, formatDuration, formatMomentTime, formatRatio, plural } from '@/lib/format';

const REFRESH_MS = 5000;

const STATE_WORDS: Record<AlertHistoryEntry['state'], string> = {
  firing: 'FIRING',
  resolved: 'resolved',
  'ended-unrecorded': 'ended (resolve not recorded)',
};

const SEVERITY_CLASS: Record<AlertHistoryEntry['severity'], string> = {
  critical: 'border-red-600 dark:border-red-500',
  warning: 'border-amber-500 dark:border-amber-400',
};

/** Filter state kept in the URL, as on the fleet page. */
type Filter = Pick<AlertHistoryQuery, 'target' | 'rule' | 'page'>;

/**
 * Fired and resolved alerts, newest first, from the persisted history: each with its duration,
 * the figures of the sample that fired it and the rule's threshold. Cards, not a table, so a
 * phone never scrolls sideways.
 */
export function AlertHistoryView({ initialQuery }: { initialQuery: Filter }) {
  const [filter, setFilter] = useState<Filter>({ target: initialQuery.target, rule: initialQuery.rule, page: initialQuery.page });
  const qs = historyParams(filter).toString();
  const { data, error } = useResource(`/api/alerts/history${qs ? `?${qs}` : ''}`, alertHistoryResponseSchema, { pollMs: REFRESH_MS });

  useEffect(() => {
    const next = `/alerts${qs ? `?${qs}` : ''}`;
    if (`${window.location.pathname}${window.location.search}` !== next) window.history.replaceState(null, '', next);
  }, [qs]);

  const targets = [...new Set([...(data?.targets ?? []), ...(filter.target ? [filter.target] : [])])];
  const rules = data?.rules ?? [];
  const ruleOptions = filter.rule && !rules.some((r) => r.id === filter.rule) ? [...rules, { id: filter.rule, title: filter.rule }] : rules;
  return (
    <section className="grid min-w-0 gap-4" aria-labelledby="alert-history-title">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-2">
        <h1 className="text-lg font-semibold" id="alert-history-title">
          Alert history
        </h1>
        {data ? (
          <span className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-count">
            {plural(data.matched, 'alert')}, newest first
          </span>
        ) : null}
        {error ? (
          <span className="text-sm text-amber-800 dark:text-amber-300" data-testid="history-problem">
            ⚠ history unavailable: {error.message}
          </span>
        ) : null}
      </div>
      <form className="flex flex-wrap items-center gap-3 text-sm" role="search" aria-label="Filter the alert history" onSubmit={(e) => e.preventDefault()}>
        <label className="flex items-center gap-1">
          target
          <select
            data-testid="history-target"
            value={filter.target ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, target: e.target.value || undefined, page: 1 }))}
            className="max-w-[12rem] rounded border border-zinc-300 bg-white px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">every target</option>
            {targets.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          rule
          <select
            data-testid="history-rule"
            value={filter.rule ?? ''}
            onChange={(e) => setFilter((f) => ({ ...f, rule: e.target.value || undefined, page: 1 }))}
            className="max-w-[14rem] rounded border border-zinc-300 bg-white px-1 py-1 dark:border-zinc-700 dark:bg-zinc-900"
          >
            <option value="">every rule</option>
            {ruleOptions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        {data && data.unreadableLines > 0 ? (
          <span className="text-xs text-amber-800 dark:text-amber-300" data-testid="history-unreadable">
            {plural(data.unreadableLines, 'line')} of the history file could not be read (skipped)
          </span>
        ) : null}
      </form>
      {data && data.entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400" data-testid="history-empty">
          {filter.target || filter.rule ? 'No alert matches this filter.' : 'No alert has fired yet.'}
        </p>
      ) : null}
      <ol className="grid gap-2" data-testid="history-list">
        {(data?.entries ?? []).map((entry) => (
          <HistoryEntry key={entry.id} entry={entry} now={data?.now ?? 0} />
        ))}
      </ol>
      {data && data.pageCount > 1 ? (
        <nav className="flex flex-wrap items-center gap-3 text-sm" aria-label="Alert history pages" data-testid="history-pager">
          <button
            type="button"
            data-testid="history-prev"
            disabled={data.page <= 1}
            onClick={() => setFilter((f) => ({ ...f, page: data.page - 1 }))}
            className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
          >
            ← newer
          </button>
          <span data-testid="history-page">
            page {data.page} of {data.pageCount}
          </span>
          <button
            type="button"
            data-testid="history-next"
            disabled={data.page >= data.pageCount}
            onClick={() => setFilter((f) => ({ ...f, page: data.page + 1 }))}
            className="rounded border border-zinc-300 px-2 py-1 disabled:opacity-50 dark:border-zinc-700"
          >
            older →
          </button>
        </nav>
      ) : null}
    </section>
  );
}

function Figure({ label, field, children }: { label: string; field: string; children: string }) {
  return (
    <span title={field}>
      {label} <span className="font-medium tabular-nums">{children}</span>
    </span>
  );
}

function HistoryEntry({ entry, now }: { entry: AlertHistoryEntry; now: number }) {
  const f = entry.fired?.figures ?? null;
  return (
    <li
      className={`grid min-w-0 gap-1 rounded border-l-4 bg-zinc-50 px-3 py-2 text-sm dark:bg-zinc-900 ${SEVERITY_CLASS[entry.severity]}`}
      data-testid="history-entry"
      data-rule={entry.rule}
      data-target={entry.targetId}
      data-state={entry.state}
      data-duration-ms={entry.durationMs ?? ''}
    >
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="text-xs font-bold uppercase">{entry.severity}</span>
        <span className="font-semibold">{entry.title}</span>
        <Link href={`/?target=${encodeURIComponent(entry.targetId)}`} className="text-xs underline underline-offset-2">
          on {entry.targetId}
        </Link>
        <span className="text-xs font-semibold" data-testid="history-state">
          {STATE_WORDS[entry.state]}
        </span>
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-700 dark:text-zinc-300">
        <span>fired {entry.firedAt === null ? 'before the history begins' : formatMomentTime(entry.firedAt, now)}</span>
        {entry.resolvedAt !== null ? <span>resolved {formatMomentTime(entry.resolvedAt, now)}</span> : null}
        <span data-testid="history-duration">
          {entry.durationMs === null ? 'duration not known' : `${entry.state === 'firing' ? 'firing for' : 'lasted'} ${formatDuration(entry.durationMs)}`}
        </span>
      </div>
      {entry.fired ? (
        <div className="grid gap-1 text-xs" data-testid="history-figures">
          <span className="break-words">{entry.fired.message}</span>
          <div className="flex flex-wrap gap-x-4 gap-y-1 text-zinc-700 dark:text-zinc-300">
            {entry.fired.threshold !== null ? (
              <Figure label="threshold" field={entry.fired.ruleText}>
                {String(entry.fired.threshold)}
              </Figure>
            ) : null}
            {f ? (
              <>
                <Figure label="RSS ratio" field="mem_fragmentation_ratio">
                  {formatRatio(f.rssRatio)}
                </Figure>
                <Figure label="allocator ratio" field="allocator_frag_ratio">
                  {formatRatio(f.allocatorRatio)}
                </Figure>
                <Figure label="allocator frag" field="allocator_frag_bytes">
                  {formatBytes(f.allocatorFragBytes)}
                </Figure>
                <Figure label="RSS" field="used_memory_rss">
                  {formatBytes(f.rssBytes)}
                </Figure>
                <Figure label="used" field="used_memory">
                  {formatBytes(f.usedBytes)}
                </Figure>
              </>
            ) : (
              <span>no sample at firing time</span>
            )}
          </div>
          <span className="break-words text-zinc-600 dark:text-zinc-400">rule: {entry.fired.ruleText}</span>
        </div>
      ) : null}
      {entry.resolved ? <span className="break-words text-xs text-zinc-600 dark:text-zinc-400">resolved: {entry.resolved.message}</span> : null}
    </li>
  );
}
