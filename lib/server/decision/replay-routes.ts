import 'server-only';
import { paramSpec, parseParamValue } from '@/lib/config-params';
import { REPLAY_PARAMS, type ReplayParam, type ReplayResponse } from '@/lib/decision/api-schema';
import { bucketMax, replayThresholds, type ReplayCandidate, type ReplayFallback } from '@/lib/decision/replay';
import { engineTraits } from '@/lib/decision/version';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const DEFAULT_POINTS = 600;
const MAX_POINTS = 2000;

const CAVEAT =
  'The replay runs the server’s start test and effort formula on the figures recorded at each second, with these values. ' +
  'It cannot know how the figures would have moved had defrag run differently, nor how long a pass takes: a replayed run lasts while the test holds, ' +
  'where a real one finishes the pass it is in. threshold-upper, cycle-min and cycle-max are not recorded, so the server’s current values stand in for them.';

/**
 * `GET /api/targets/{id}/replay?from=&to=&points=&activedefrag=yes&active-defrag-ignore-bytes=1mb&...`:
 * "what if these thresholds had been set", from the dashboard's own 1 s history. No Redis call.
 * Values are checked exactly as the config editor checks them (ranges, units); anything else is 422.
 */
export function replayResponse(targetId: string, request: Request): Response {
  return handle(() => {
    const poller = findPoller(targetId);
    const params = new URL(request.url).searchParams;
    const unknown = [...params.keys()].filter((k) => !['from', 'to', 'points', ...REPLAY_PARAMS].includes(k));
    if (unknown.length > 0) {
      throw new AppError('invalid', `unknown query parameter ${unknown.slice(0, 3).join(', ')} (known: from, to, points, ${REPLAY_PARAMS.join(', ')})`);
    }
    const { from, to, points } = readRange(params);
    const candidate = readCandidate(params);
    const config = poller.lastOk()?.config;
    const fallback: ReplayFallback = {
      activedefrag: config?.activedefrag ?? null,
      'active-defrag-ignore-bytes': config?.['active-defrag-ignore-bytes'] ?? null,
      'active-defrag-threshold-lower': config?.['active-defrag-threshold-lower'] ?? null,
      'active-defrag-threshold-upper': config?.['active-defrag-threshold-upper'] ?? null,
      'active-defrag-cycle-min': config?.['active-defrag-cycle-min'] ?? null,
      'active-defrag-cycle-max': config?.['active-defrag-cycle-max'] ?? null,
    };
    const server = poller.lastOk()?.server ?? { engine: null, version: null, allocator: null };
    const samples = poller.store.replaySamples(from, to);
    const result = replayThresholds(samples, engineTraits(server), server.allocator, candidate, fallback);
    const effort = bucketMax(result.t, result.effort, from, to, points);
    const actual = bucketMax(result.t, result.actual, from, to, points);
    const body: ReplayResponse = {
      targetId: poller.target.id,
      from,
      to,
      candidate,
      fallback,
      samples: samples.length,
      t: effort.t,
      effort: effort.values,
      actual: actual.values,
      spans: result.spans,
      actualSpans: result.actualSpans,
      exact: result.exact,
      unknownSamples: result.unknownSamples,
      caveat: CAVEAT,
    };
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  });
}

function readRange(params: URLSearchParams): { from: number; to: number; points: number } {
  const int = (name: string): number | null => {
    const raw = params.get(name);
    if (raw === null || raw === '') return null;
    if (!/^\d{1,15}$/.test(raw)) throw new AppError('invalid', `${name} must be a whole number (ms since the epoch for from/to)`);
    return Number(raw);
  };
  const to = int('to') ?? Date.now();
  const from = int('from') ?? to - HOUR;
  if (from > to) throw new AppError('invalid', `from (${from}) is after to (${to})`);
  if (to - from > DAY) throw new AppError('invalid', 'the replay covers at most 24 h (the 1 s history)');
  const points = int('points') ?? DEFAULT_POINTS;
  if (points < 10 || points > MAX_POINTS) throw new AppError('invalid', `points must be between 10 and ${MAX_POINTS}`);
  return { from, to, points };
}

/** Each value as the editor parses it ("100mb", "yes"); one 422 lists every bad one. */
function readCandidate(params: URLSearchParams): ReplayCandidate {
  const candidate: Record<string, number | boolean> = {};
  const fields: Record<string, string> = {};
  for (const name of REPLAY_PARAMS) {
    const raw = params.get(name);
    if (raw === null || raw === '') continue;
    const parsed = parseParamValue(paramSpec(name as ReplayParam), raw);
    if (!parsed.ok) {
      fields[name] = parsed.error;
      continue;
    }
    candidate[name] = name === 'activedefrag' ? parsed.value === 'yes' : Number(parsed.value);
  }
  if (Object.keys(fields).length > 0) {
    throw new AppError(
      'invalid',
      Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
      { fields },
    );
  }
  return candidate as ReplayCandidate;
}
