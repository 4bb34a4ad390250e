import 'server-only';
import { z } from 'zod';
import { DEFAULT_POINTS, MAX_POINTS, MIN_POINTS } from '@/lib/history/downsample';
import type { LatencyResponse } from '@/lib/latency/api-schema';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';

const HOUR = 3_600_000;
/** The readings reach back 6 h; a day may be asked (the older part is simply empty). */
const MAX_SPAN_MS = 25 * HOUR;

const timeParam = z.coerce.number().int().nonnegative().max(8.64e15);
const querySchema = z.object({
  from: timeParam.optional(),
  to: timeParam.optional(),
  points: z.coerce.number().int().min(MIN_POINTS).max(MAX_POINTS).optional(),
});

/** `GET /api/targets/{id}/latency?from=&to=&points=`: windowed p50/p99/p99.9 per busy command, as columns. */
export function latencyResponse(targetId: string, request: Request): Response {
  return handle(() => {
    const poller = findPoller(targetId);
    const parsed = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) {
      throw new AppError('invalid', `invalid query: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ')}`);
    }
    const to = parsed.data.to ?? Date.now();
    const from = parsed.data.from ?? to - HOUR;
    if (from > to) throw new AppError('invalid', `from (${from}) is after to (${to})`);
    if (to - from > MAX_SPAN_MS) throw new AppError('invalid', 'the range may span at most 25 hours');
    const body = poller.latency.query(from, to, parsed.data.points ?? DEFAULT_POINTS) satisfies LatencyResponse;
    return Response.json(body, { headers: { 'Cache-Control': 'no-store' } });
  });
}
