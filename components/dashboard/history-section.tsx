'use client';

import { useEffect, useMemo, useState } from 'react';
import { LazyAnnotationList as AnnotationList, LazyPassTimeline as PassTimeline } from '@/components/charts/lazy-panels';
import { buildAnnotations } from '@/components/charts/annotations';
import { CHART_SERIES } from '@/components/charts/chart-series';
// The charts' code (recharts) loads after the first paint; see lazy-defrag-charts.tsx.
import { LazyDefragCharts as DefragCharts } from '@/components/charts/lazy-defrag-charts';
import { LazyLatencyChart as LatencyChart } from '@/components/charts/lazy-defrag-charts';
import { RunProgressPanel } from '@/components/charts/run-progress';
import { useAdmin } from '@/components/session/admin-store-provider';
import { auditListSchema } from '@/lib/audit/api-schema';
import { baselineListResponseSchema } from '@/lib/baselines/api-schema';
import { auditUrl } from '@/lib/client/admin-requests';
import { baselinesUrl } from '@/lib/client/baselines-requests';
import { historyUrl, runsUrl } from '@/lib/client/history-requests';
import { useResource } from '@/lib/client/use-resource';
import { historyResponseSchema, RANGE_PRESETS, runsResponseSchema, type RangePresetId } from '@/lib/history/api-schema';
import { useDashboard } from './dashboard-store-provider';

/** Points asked of the server per series: enough for a wide chart, never 86,400. */
const CHART_POINTS = 800;
/** Longer ranges are refetched on this period while following; the 5 min view appends live. */
const REFETCH_MS = 15_000;
const RUNS_REFRESH_MS = 5_000;
/** Annotations (audit log, baselines) change when someone acts: a slow refresh, and at once after our own writes. */
const ANNOTATIONS_REFRESH_MS = 15_000;
const HOUR = 3_600_000;

export function HistorySection({ targetId, longRange = false }: { targetId: string; longRange?: boolean }) {
  const [preset, setPreset] = useState<RangePresetId>('5m');
  const [follow, setFollow] = useState(true);
  const liveHistory = useDashboard((s) => s.liveHistory);
  const liveVersion = useDashboard((s) => s.historyVersion);
  const thresholdLower = useDashboard((s) => s.lastOk?.config['active-defrag-threshold-lower'] ?? null);
  const span = RANGE_PRESETS.find((p) => p.id === preset)!.ms;
  const useLive = preset === '5m' && follow && liveHistory !== null;

  // Ranges end "now", so each fetch builds its URL afresh; a failed refetch keeps the charts as they were.
  const fetched = useResource(
    () => {
      const to = Date.now();
      return historyUrl(targetId, to - span, to, CHART_POINTS, CHART_SERIES);
    },
    historyResponseSchema,
    { key: useLive ? null : `${targetId}:${preset}`, pollMs: follow ? REFETCH_MS : null },
  );
  // Keyed by target only: a new range refetches (refreshKey) but keeps the bands and the run panel meanwhile.
  const { data: runs } = useResource(
    () => {
      const to = Date.now();
      // Runs come from the 1 s tier (24 h at most): a 7 d or 30 d chart shows the runs of the last day.
      return runsUrl(targetId, to - Math.min(Math.max(span, HOUR), 24 * HOUR), to);
    },
    runsResponseSchema,
    { key: targetId, pollMs: RUNS_REFRESH_MS, refreshKey: span },
  );

  const revision = useAdmin((s) => s.revision);
  const { data: audit } = useResource(auditUrl(targetId), auditListSchema, { pollMs: ANNOTATIONS_REFRESH_MS, refreshKey: revision });
  const { data: baselines } = useResource(baselinesUrl(targetId), baselineListResponseSchema, { pollMs: ANNOTATIONS_REFRESH_MS, refreshKey: revision });

  const history = useLive ? liveHistory : fetched.data;
  // Rounded to the minute so the live 5 min view does not rebuild the markers (and every chart) each second.
  const fromMinute = history ? Math.floor(history.from / 60_000) : null;
  const annotations = useMemo(
    () =>
      fromMinute === null
        ? []
        : buildAnnotations({
            targetId,
            audit: audit?.entries ?? [],
            baselines: baselines?.baselines ?? [],
            from: fromMinute * 60_000,
            to: Infinity,
          }),
    [targetId, audit, baselines, fromMinute],
  );
  const markers = useMemo(() => annotations.map((a) => ({ at: a.at, label: a.label })), [annotations]);

  // For `npm run bench`: when fetched history has been committed to the charts.
  useEffect(() => {
    if (!useLive && history) performance.mark(`fragscope:history-rendered:${preset}`);
  }, [useLive, history, preset]);
  const bands = (runs?.runs ?? []).map((r) => ({ start: r.start.at, end: r.end?.at ?? null }));
  const button = (active: boolean) =>
    `rounded px-2 py-0.5 text-sm ${active ? 'bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900' : 'border border-zinc-300 dark:border-zinc-700'}`;
  return (
    <section className="grid gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="history-section" data-range={preset}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-2 text-sm font-semibold uppercase tracking-wide text-zinc-500">Defrag progress</h2>
        {RANGE_PRESETS.filter((p) => longRange || !('longRange' in p)).map((p) => (
          <button
            key={p.id}
            type="button"
            className={button(p.id === preset)}
            aria-pressed={p.id === preset}
            data-testid={`range-${p.id}`}
            onClick={() => setPreset(p.id)}
          >
            {p.label}
          </button>
        ))}
        {!useLive && history?.source === 'prometheus' ? (
          <span className="text-xs text-zinc-500" data-testid="history-source">
            from Prometheus
          </span>
        ) : null}
        <label className="ml-2 flex items-center gap-1 text-sm">
          <input type="checkbox" checked={follow} data-testid="live-follow" onChange={(e) => setFollow(e.target.checked)} /> live
        </label>
      </div>
      <RunProgressPanel run={runs?.current ?? runs?.last ?? null} />
      <PassTimeline passes={runs?.passes ?? []} diagnoses={runs?.runDiagnoses ?? []} />
      {history ? (
        <>
          <DefragCharts history={history} version={useLive ? liveVersion : 0} runs={bands} thresholdLower={thresholdLower} markers={markers} />
          <LatencyChart targetId={targetId} from={history.from} to={history.to} runs={bands} />
        </>
      ) : (
        <p className="text-sm text-zinc-500">Loading history…</p>
      )}
      <AnnotationList annotations={annotations} />
    </section>
  );
}
