import 'server-only';
import { z } from 'zod';
import type { HistoryResponse, RunsResponse } from '@/lib/history/api-schema';
import { detectRuns, runProgress } from '@/lib/history/defrag-runs';
import { clampPoints, MAX_POINTS, MIN_POINTS } from '@/lib/history/downsample';
import { isSeriesName, SERIES_NAMES, type SeriesName } from '@/lib/history/series';
import { longRangeHistory } from '../prometheus/long-range';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import { findPoller } from '../http/find-target';
import { passTimeline } from './pass-timeline';
import { runLatencyCost } from '../latency/run-latency';

const HOUR = 3_600_000;
/** The coarse tier keeps 7 days; a little more is allowed so "last 7 days" never fails on a boundary. */
const MAX_SPAN_MS = 8 * 24 * HOUR;
/** With Prometheus (FRAGSCOPE_PROMETHEUS_URL) the range may reach as far back as it keeps. */
const MAX_PROMETHEUS_SPAN_MS = 400 * 24 * HOUR;
/** A range starting no more than this before the oldest sample held is still answered from memory. */
const COVERAGE_SLACK_MS = 60_000;

const timeParam = z.coerce.number().int().nonnegative().max(8.64e15);
const querySchema = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  points: z.coerce.number().int().min(MIN_POINTS).max(MAX_POINTS).optional(),
  /** Comma-separated series names; default all. */
  series: z.string().max(2000).optional(),
});

function parseRange(url: string, defaultSpanMs: number, maxSpanMs = MAX_SPAN_MS) {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    throw new AppError('invalid', `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const to = parsed.data.to ?? Date.now();
  const from = parsed.data.from ?? to - defaultSpanMs;
  if (from > to) throw new AppError('invalid', `from (${from}) is after to (${to})`);
  if (to - from > maxSpanMs) throw new AppError('invalid', `the range may span at most ${Math.round(maxSpanMs / (24 * HOUR))} days`);
  const series = parsed.data.series?.split(',').filter(Boolean);
  const unknown = series?.filter((name) => !isSeriesName(name)) ?? [];
  if (unknown.length > 0) throw new AppError('invalid', `unknown series: ${unknown.slice(0, 5).join(', ')} (known: ${SERIES_NAMES.join(', ')})`);
  return { from, to, points: parsed.data.points, series };
}

/** `GET /api/targets/{id}/history?from=&to=&points=`: columns, at most `points` per series. */
export function historyResponse(targetId: string, url: string): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const hub = getHub();
    const { from, to, points, series } = parseRange(url, HOUR, hub.prometheus ? MAX_PROMETHEUS_SPAN_MS : MAX_SPAN_MS);
    const store = await hub.historyOf(poller);
    const heldFrom = store.coverage().from;
    if (hub.prometheus && (heldFrom === null || from < heldFrom - COVERAGE_SLACK_MS)) {
      // Beyond what this app holds (7 d, 30 d, or a restart lost it): the whole range from Prometheus.
      const body = await longRangeHistory(hub.prometheus, {
        targetId: poller.target.id,
        from,
        to,
        points: clampPoints(points),
        series: series as SeriesName[] | undefined,
      });
      return Response.json(body satisfies HistoryResponse, { headers: { 'Cache-Control': 'no-store' } });
    }
    return Response.json(store.query({ from, to, points, series }) satisfies HistoryResponse, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/**
 * Run detection walks every 1 s sample of the range (86,400 for a day), and each open page asks
 * every few seconds: answers are shared by all viewers for RUNS_CACHE_MS, per target and span.
 */
const RUNS_CACHE_MS = 3000;
const runsCache = new Map<string, { at: number; body: RunsResponse }>();

/** `GET /api/targets/{id}/runs?from=&to=`: defrag runs found in the samples, and the current one's progress. */
export function runsResponse(targetId: string, url: string): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const { from, to } = parseRange(url, 24 * HOUR);
    const now = Date.now();
    // Only "up to now" ranges are shared; their span is rounded to the minute.
    const live = now - to < RUNS_CACHE_MS;
    const key = `${poller.target.id}:${Math.round((to - from) / 60_000)}`;
    const cached = live ? runsCache.get(key) : undefined;
    if (cached && now - cached.at < RUNS_CACHE_MS) return Response.json(cached.body, { headers: { 'Cache-Control': 'no-store' } });
    const store = await getHub().historyOf(poller);
    const samples = store.defragSamples(from, to);
    // Idle polling spaces samples 5 s apart before a run starts: that spacing is not an outage.
    const runs = detectRuns(samples, { maxGapMs: store.idleMaxGapMs });
    const config = poller.lastOk()?.config;
    const current = runs.find((run) => run.end === null) ?? null;
    const last = runs.at(-1) ?? null;
    const progressOf = (run: (typeof runs)[number]) =>
      runProgress(run, samples, Date.now(), {
        ignoreBytes: config?.['active-defrag-ignore-bytes'] ?? null,
        keyCount: poller.lastOk()?.derived.keys ?? undefined,
      });
    const viewOf = (run: (typeof runs)[number]) => ({ ...run, progress: progressOf(run), latencyCost: runLatencyCost(poller.latency, run, samples, now) });
    const currentCost = current ? runLatencyCost(poller.latency, current, samples, now) : null;
    const body: RunsResponse = {
      from,
      to,
      runs: runs.map(viewOf),
      current: current ? viewOf(current) : null,
      last: last ? viewOf(last) : null,
      ...passTimeline(runs, samples, poller.lastOk(), currentCost),
      restarts: store.restarts(from, to),
    };
    if (live) runsCache.set(key, { at: now, body });
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  });
}
