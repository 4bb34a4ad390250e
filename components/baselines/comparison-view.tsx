'use client';

import { useEffect, useMemo } from 'react';
import { formatDuration } from '@/lib/format';
import { baselineListResponseSchema, comparisonResponseSchema } from '@/lib/baselines/api-schema';
import { baselinesUrl, comparisonUrl } from '@/lib/client/baselines-requests';
import { runsUrl } from '@/lib/client/history-requests';
import { useResource } from '@/lib/client/use-resource';
import { runsResponseSchema } from '@/lib/history/api-schema';
import { comparisonLatencyText } from '@/lib/baselines/latency-text';
import { formatMomentTime, TRIGGER_TEXT } from './baseline-text';
import { ComparisonCharts } from './comparison-charts';
import { ComparisonExports } from './comparison-exports';
import { ComparisonFailure } from './comparison-failure';
import { ComparisonTable } from './comparison-table';
import { ComparisonVerdict } from './comparison-verdict';
import { ToChooser } from './to-chooser';

const LIST_REFRESH_MS = 15_000;
/** A target that is not answering is asked again this often, as the retry button would. */
const UNAVAILABLE_RETRY_MS = 5_000;
const HOUR = 3_600_000;
/** The runs API allows 8 days; a minute less stays clear of the boundary. */
const MAX_RUNS_SPAN_MS = 8 * 24 * HOUR - 60_000;

export interface ComparisonViewProps {
  targetId: string;
  baselineId: string;
  /** `now`, another baseline's id, or `run:<start ms>`. */
  to: string;
}

/** The permalink page's body: verdict, figures, the "to" chooser, exports, then the charts around both moments. */
export function ComparisonView({ targetId, baselineId, to }: ComparisonViewProps) {
  const comparison = useResource(comparisonUrl(targetId, baselineId, to), comparisonResponseSchema);
  const list = useResource(baselinesUrl(targetId), baselineListResponseSchema, { pollMs: LIST_REFRESH_MS });
  const summary = list.data?.baselines.find((b) => b.id === baselineId) ?? comparison.data?.baseline ?? null;
  const baselineAt = summary?.at ?? null;
  const runs = useResource(
    () => {
      const now = Date.now();
      // An hour before the baseline, so a run already going when it was taken is found whole.
      return runsUrl(targetId, Math.max((baselineAt ?? now) - HOUR, now - MAX_RUNS_SPAN_MS), now);
    },
    runsResponseSchema,
    { key: baselineAt === null ? null : `${targetId}:${baselineAt}`, pollMs: LIST_REFRESH_MS },
  );
  const bands = useMemo(() => (runs.data?.runs ?? []).map((r) => ({ start: r.start.at, end: r.end?.at ?? null })), [runs.data]);
  const data = comparison.data;
  const baselineKnown = list.data ? list.data.baselines.some((b) => b.id === baselineId) : null;
  const missing = comparison.error?.status === 404 && baselineKnown === false;
  // A missed poll or a restart is usually over in seconds: the page asks again on its own while the
  // target is not answering (503), so an operator who left it open sees the comparison come back.
  const unavailable = comparison.error?.status === 503;
  const { refresh } = comparison;
  useEffect(() => {
    if (!unavailable) return;
    const timer = setTimeout(refresh, UNAVAILABLE_RETRY_MS);
    return () => clearTimeout(timer);
    // comparison.error: each failed answer is a new object, so each one schedules the next try.
  }, [unavailable, refresh, comparison.error]);

  return (
    <section
      className="grid gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="comparison"
      data-baseline-id={baselineId}
      data-to={to}
    >
      <div className="flex flex-wrap items-baseline gap-x-4 gap-y-1">
        <h2 className="text-sm font-semibold uppercase tracking-wide text-zinc-500">Comparison</h2>
        {data ? (
          <span className="text-sm" data-testid="comparison-moments">
            <b>{data.before.label}</b> ({formatMomentTime(data.before.at)}
            {summary ? `, ${TRIGGER_TEXT[summary.trigger]}, by ${summary.takenBy}` : ''}) → <b>{data.after.label}</b> ({formatMomentTime(data.after.at)}) ·
            elapsed {data.elapsedMs < 0 ? `-${formatDuration(-data.elapsedMs)}` : formatDuration(data.elapsedMs)}
          </span>
        ) : comparison.loading ? (
          <span className="text-sm text-zinc-500">Comparing…</span>
        ) : null}
        {to === 'now' && !missing ? (
          <button
            type="button"
            className="ml-auto rounded border border-zinc-300 px-2 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
            onClick={comparison.refresh}
            data-testid="comparison-refresh"
            title="“now” moves on: compare with the newest sample again"
          >
            Compare with now again
          </button>
        ) : null}
      </div>
      {summary?.note ? <p className="text-sm text-zinc-600 dark:text-zinc-300">Note: {summary.note}</p> : null}
      {comparison.error ? (
        <ComparisonFailure
          targetId={targetId}
          baselineId={baselineId}
          failure={comparison.error}
          baselineKnown={baselineKnown}
          onRetry={comparison.refresh}
          retryEveryMs={unavailable ? UNAVAILABLE_RETRY_MS : null}
        />
      ) : null}
      {data && !comparison.error ? (
        <>
          <ComparisonVerdict verdict={data.verdict} />
          <p className="text-sm text-zinc-700 dark:text-zinc-300" data-testid="comparison-latency-cost">
            <span className="font-medium">Latency cost:</span> {comparisonLatencyText(data.latencyCost)}
          </p>
          <ComparisonTable rows={data.rows} beforeLabel={data.before.label} afterLabel={data.after.label} />
        </>
      ) : null}
      {missing ? null : (
        <ToChooser
          targetId={targetId}
          baselineId={baselineId}
          to={to}
          baselineAt={baselineAt}
          baselines={list.data?.baselines ?? []}
          runs={runs.data?.runs ?? []}
        />
      )}
      {data && !comparison.error ? (
        <>
          <ComparisonExports targetId={targetId} baselineId={baselineId} to={to} serverPermalink={data.permalink} />
          <ComparisonCharts targetId={targetId} beforeAt={data.before.at} afterAt={data.after.at} runs={bands} />
        </>
      ) : null}
    </section>
  );
}
