import 'server-only';
import { z } from 'zod';
import { detectRuns, runProgress } from '@/lib/history/defrag-runs';
import { AppError, errorResponse } from './errors';
import { findPoller } from './find-target';

const HOUR = 3_600_000;
/** The coarse tier keeps 7 days; a little more is allowed so "last 7 days" never fails on a boundary. */
const MAX_SPAN_MS = 8 * 24 * HOUR;

const timeParam = z.coerce.number().int().nonnegative().max(8.64e15);
const querySchema = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  points: z.coerce.number().int().min(1).max(100_000).optional(),
});

function parseRange(url: string, defaultSpanMs: number) {
  const params = Object.fromEntries(new URL(url).searchParams);
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    throw new AppError('invalid', `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const to = parsed.data.to ?? Date.now();
  const from = parsed.data.from ?? to - defaultSpanMs;
  if (from > to) throw new AppError('invalid', `from (${from}) is after to (${to})`);
  if (to - from > MAX_SPAN_MS) throw new AppError('invalid', 'the range may span at most 8 days');
  return { from, to, points: parsed.data.points };
}

/** `GET /api/targets/{id}/history?from=&to=&points=`: columns, at most `points` per series. */
export function historyResponse(targetId: string, url: string): Response {
  try {
    const poller = findPoller(targetId);
    const { from, to, points } = parseRange(url, HOUR);
    return Response.json(poller.store.query({ from, to, points }), { headers: { 'Cache-Control': 'no-store' } });
  } catch (error) {
    return errorResponse(error);
  }
}

/** `GET /api/targets/{id}/runs?from=&to=`: defrag runs found in the samples, and the current one's progress. */
export function runsResponse(targetId: string, url: string): Response {
  try {
    const poller = findPoller(targetId);
    const { from, to } = parseRange(url, 24 * HOUR);
    const samples = poller.store.defragSamples(from, to);
    const runs = detectRuns(samples);
    const config = poller.lastOk()?.config;
    const current = runs.find((run) => run.end === null) ?? null;
    const last = runs.at(-1) ?? null;
    const progressOf = (run: (typeof runs)[number]) =>
      runProgress(run, samples, Date.now(), { ignoreBytes: config?.['active-defrag-ignore-bytes'] ?? null });
    return Response.json(
      {
        from,
        to,
        runs: runs.map((run) => ({ ...run, progress: progressOf(run) })),
        current: current ? { ...current, progress: progressOf(current) } : null,
        last: last ? { ...last, progress: progressOf(last) } : null,
      },
      { headers: { 'Cache-Control': 'no-store' } },
    );
  } catch (error) {
    return errorResponse(error);
  }
}
