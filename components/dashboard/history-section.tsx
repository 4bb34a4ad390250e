'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AbsoluteRangePicker } from '@/components/charts/absolute-range-picker';
import type { AnnotationFeedData } from '@/components/charts/annotation-feed';
import { LazyAnnotationFeed as AnnotationFeed, LazyAnnotationList as AnnotationList, LazyPassTimeline as PassTimeline } from '@/components/charts/lazy-panels';
import { buildAnnotations } from '@/components/charts/annotations';
import { CHART_SERIES } from '@/components/charts/chart-series';
// The charts' code (recharts) loads after the first paint; see lazy-defrag-charts.tsx.
import { LazyDefragCharts as DefragCharts } from '@/components/charts/lazy-defrag-charts';
import { LazyLatencyChart as LatencyChart } from '@/components/charts/lazy-defrag-charts';
import { RunProgressPanel } from '@/components/charts/run-progress';
import { useSameContent } from '@/components/charts/use-same-content';
import { useAdmin } from '@/components/session/admin-store-provider';
import { historyUrl, runsUrl } from '@/lib/client/history-requests';
import { historyResponseLazy, runsResponseLazy } from '@/lib/client/lazy-schemas';
import { useResource } from '@/lib/client/use-resource';
import { RANGE_PRESETS, type RangePresetId } from '@/lib/range-presets';
import { HISTORY_RETENTION_MS, LONG_RANGE_RETENTION_MS, parseChartRange, withChartRange, type ChartRange } from '@/lib/targets/chart-range';
import { formatMomentTime } from '@/lib/format';
import { useDashboard } from './dashboard-store-provider';

/** Points asked of the server per series: enough for a wide chart, never 86,400. */
const CHART_POINTS = 800;
/** Longer ranges are refetched on this period while following; the 5 min view appends live. */
const REFETCH_MS = 15_000;
const RUNS_REFRESH_MS = 5_000;
/** Annotations (audit log, baselines) change when someone acts: a slow refresh, and at once after our own writes. */
const ANNOTATIONS_REFRESH_MS = 15_000;
const HOUR = 3_600_000;
/** Enough rows over the retention to place the history's first sample within a few minutes (see `oldestHeld`). */
const OLDEST_POINTS = 5000;

/**
 * Where the history starts: the first row with a value. Over a long span the rows are bucket starts,
 * so this is at most one bucket (7 days / 2500, 4 min) before the first sample: the picker may accept
 * a "from" a few minutes early, never refuse one the history holds.
 */
function oldestHeld(history: { t: number[]; series: Record<string, (number | null)[]> } | null): number | null | undefined {
  if (!history) return undefined;
  const values = history.series.used_memory ?? [];
  const i = values.findIndex((v) => v !== null);
  return i < 0 ? null : (history.t[i] ?? null);
}

/**
 * The URL is the range's one home (bookmarkable, shareable). It is changed with the History API's
 * replaceState, which Next.js folds into its router (useSearchParams follows), rather than
 * router.replace: that would fetch the whole force-dynamic page from the server again on every
 * preset click or zoom. Replace, not push, so zooming about does not fill the back button.
 */
function showRange(range: ChartRange): void {
  const { pathname, search, hash } = window.location;
  // null state: Next.js passes a state carrying its own router keys through untouched (it takes
  // it for its own call), so useSearchParams would never hear of the change.
  window.history.replaceState(null, '', `${pathname}${withChartRange(search, range)}${hash}`);
}

export function HistorySection({ targetId, longRange = false }: { targetId: string; longRange?: boolean }) {
  const searchParams = useSearchParams();
  // "Now" for checking a bookmarked range: when the page opened (a render must not read the clock).
  const [openedAt] = useState(() => Date.now());
  // With Prometheus a bookmarked range may reach back beyond the in-memory 7 days.
  const { range, notice } = useMemo(
    () => parseChartRange(searchParams, openedAt, openedAt - (longRange ? LONG_RANGE_RETENTION_MS : HISTORY_RETENTION_MS)),
    [searchParams, openedAt, longRange],
  );
  // The preset a zoom started from, which "reset" goes back to.
  const [basePreset, setBasePreset] = useState<RangePresetId>(range.kind === 'preset' ? range.preset : '5m');
  const [follow, setFollow] = useState(true);
  const liveHistory = useDashboard((s) => s.liveHistory);
  const liveVersion = useDashboard((s) => s.historyVersion);
  const thresholdLower = useDashboard((s) => s.lastOk?.config['active-defrag-threshold-lower'] ?? null);
  const preset = range.kind === 'preset' ? range.preset : null;
  const span = range.kind === 'preset' ? RANGE_PRESETS.find((p) => p.id === range.preset)!.ms : range.to - range.from;
  const useLive = preset === '5m' && follow && liveHistory !== null;
  const rangeKey = range.kind === 'preset' ? range.preset : `${range.from}-${range.to}`;

  // Presets end "now", so each fetch builds its URL afresh; a fixed range is fetched once. A failed refetch keeps the charts as they were.
  const fetched = useResource(
    () => {
      if (range.kind === 'absolute') return historyUrl(targetId, range.from, range.to, CHART_POINTS, CHART_SERIES);
      const to = Date.now();
      return historyUrl(targetId, to - span, to, CHART_POINTS, CHART_SERIES);
    },
    historyResponseLazy,
    { key: useLive ? null : `${targetId}:${rangeKey}`, pollMs: follow && preset !== null ? REFETCH_MS : null },
  );
  // Keyed by target only: a new range refetches (refreshKey) but keeps the bands and the run panel meanwhile.
  // It always ends now (the run panel is live) and reaches back over the range shown, for its bands and annotations.
  const { data: runs } = useResource(
    () => {
      const to = Date.now();
      const from = range.kind === 'absolute' ? Math.min(range.from, to - HOUR) : to - Math.max(span, HOUR);
      // Runs come from the 1 s tier (24 h at most): a 7 d or 30 d chart shows the runs of the last day.
      return runsUrl(targetId, Math.max(from, to - 24 * HOUR), to);
    },
    runsResponseLazy,
    { key: targetId, pollMs: RUNS_REFRESH_MS, refreshKey: rangeKey },
  );
  // Where the history starts, for the absolute picker: asked once it is opened.
  const [pickerOpened, setPickerOpened] = useState(false);
  const { data: held } = useResource(
    () => {
      const to = Date.now();
      return historyUrl(targetId, to - HISTORY_RETENTION_MS, to, OLDEST_POINTS, ['used_memory']);
    },
    historyResponseLazy,
    // With Prometheus the picker reaches back a year and does not need to know where memory starts.
    { key: pickerOpened && !longRange ? `${targetId}:oldest` : null },
  );

  const choosePreset = (id: RangePresetId) => {
    setBasePreset(id);
    showRange({ kind: 'preset', preset: id });
  };
  const zoom = useCallback((r: { from: number; to: number }) => showRange({ kind: 'absolute', ...r }), []);
  const reset = () => showRange({ kind: 'preset', preset: basePreset });

  const revision = useAdmin((s) => s.revision);
  const [feed, setFeed] = useState<AnnotationFeedData | null>(null);

  const history = useLive ? liveHistory : fetched.data;
  // Rounded to the minute so the live 5 min view does not rebuild the markers (and every chart) each second.
  const fromMinute = history ? Math.floor(history.from / 60_000) : null;
  // A fixed range ends where it ends; a live one takes in what happens next.
  const until = range.kind === 'absolute' ? range.to : Infinity;
  const annotations = useMemo(
    () =>
      fromMinute === null
        ? []
        : buildAnnotations({
            targetId,
            audit: feed?.audit ?? [],
            baselines: feed?.baselines ?? [],
            restarts: runs?.restarts ?? [],
            runs: runs?.runs ?? [],
            now: runs?.to,
            from: range.kind === 'absolute' ? range.from : fromMinute * 60_000,
            to: until,
          }),
    [targetId, feed, runs, fromMinute, range, until],
  );
  // The same moments keep the same array: the runs are refetched every 5 s and rebuild the annotations.
  const markerList = useMemo(() => annotations.map((a) => ({ at: a.at, label: a.label })), [annotations]);
  const markers = useSameContent(markerList, markerList.map((m) => `${m.at}:${m.label}`).join('\n'));

  // For `npm run bench`: when fetched history has been committed to the charts.
  useEffect(() => {
    if (!useLive && history) performance.mark(`fragscope:history-rendered:${preset ?? 'absolute'}`);
  }, [useLive, history, preset]);
  // Memoised: a new array on every stream sample would redraw all six (memoised) charts 4 times a second even on a fixed range.
  // Kept while the bands are the same, or each runs refetch (5 s) would redraw the charts too.
  const bandList = useMemo(() => (runs?.runs ?? []).map((r) => ({ start: r.start.at, end: r.end?.at ?? null })), [runs]);
  const bands = useSameContent(bandList, bandList.map((r) => `${r.start}:${r.end}`).join(','));
  const button = (active: boolean) =>
    `rounded px-2 py-0.5 text-sm ${active ? 'bg-zinc-800 text-white dark:bg-zinc-200 dark:text-zinc-900' : 'border border-zinc-300 dark:border-zinc-700'}`;
  return (
    <section
      className="grid gap-3 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800"
      data-testid="history-section"
      data-range={preset ?? 'absolute'}
      data-from={range.kind === 'absolute' ? range.from : undefined}
      data-to={range.kind === 'absolute' ? range.to : undefined}
    >
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-2 text-sm font-semibold uppercase tracking-wide text-zinc-500">Defrag progress</h2>
        {RANGE_PRESETS.filter((p) => longRange || !('longRange' in p)).map((p) => (
          <button
            key={p.id}
            type="button"
            className={button(p.id === preset)}
            aria-pressed={p.id === preset}
            data-testid={`range-${p.id}`}
            onClick={() => choosePreset(p.id)}
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
          <input type="checkbox" checked={follow} disabled={preset === null} data-testid="live-follow" onChange={(e) => setFollow(e.target.checked)} /> live
        </label>
        <AbsoluteRangePicker
          shown={history ? { from: history.from, to: history.to } : null}
          oldest={longRange ? openedAt - LONG_RANGE_RETENTION_MS : oldestHeld(held)}
          onApply={zoom}
          onOpen={() => setPickerOpened(true)}
        />
        {range.kind === 'absolute' ? (
          <>
            <span className="text-sm tabular-nums" data-testid="range-shown">
              <time dateTime={new Date(range.from).toISOString()}>{formatMomentTime(range.from)}</time> –{' '}
              <time dateTime={new Date(range.to).toISOString()}>{formatMomentTime(range.to)}</time>
            </span>
            <button type="button" className={button(false)} data-testid="range-reset" onClick={reset}>
              Reset to {RANGE_PRESETS.find((p) => p.id === basePreset)!.label}
            </button>
          </>
        ) : (
          <span className="text-xs text-zinc-600 dark:text-zinc-400">drag across a chart to zoom</span>
        )}
      </div>
      {notice ? (
        <p role="status" className="text-sm text-amber-800 dark:text-amber-300" data-testid="range-notice">
          {notice}
        </p>
      ) : null}
      <RunProgressPanel run={runs?.current ?? runs?.last ?? null} />
      <PassTimeline passes={runs?.passes ?? []} diagnoses={runs?.runDiagnoses ?? []} />
      {history ? (
        <>
          <DefragCharts history={history} version={useLive ? liveVersion : 0} runs={bands} thresholdLower={thresholdLower} markers={markers} onZoom={zoom} />
          <LatencyChart targetId={targetId} from={history.from} to={history.to} runs={bands} />
        </>
      ) : (
        <p className="text-sm text-zinc-500">Loading history…</p>
      )}
      <AnnotationFeed targetId={targetId} revision={revision} pollMs={ANNOTATIONS_REFRESH_MS} onData={setFeed} />
      <AnnotationList annotations={annotations} />
    </section>
  );
}
