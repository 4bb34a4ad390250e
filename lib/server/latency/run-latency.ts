import 'server-only';
import { detectRuns, type DefragRun, type DefragSample } from '@/lib/history/defrag-runs';
import type { LatencyCost } from '@/lib/latency/api-schema';
import type { LatencySampler } from './latency-sampler';

/**
 * A detected defrag run's latency cost: p99 per busy command during the run (start to end, or now)
 * against the 5 minutes before, with the mean effort of the run's samples ("while defrag ran at").
 */
export function runLatencyCost(sampler: LatencySampler, run: DefragRun, samples: readonly DefragSample[], now: number): LatencyCost {
  const from = run.before?.at ?? run.start.at;
  const to = run.end?.at ?? now;
  let sum = 0;
  let n = 0;
  for (const s of samples) {
    if (s.at < run.start.at || s.at > to || !s.ok || !s.active_defrag_running) continue;
    sum += s.active_defrag_running;
    n++;
  }
  return sampler.cost(from, to, n > 0 ? sum / n : null, n > 0 ? run.peakRunning : null);
}

/**
 * The latency cost a baseline comparison states: the last defrag run that started between the two
 * moments, its p99 per busy command against the 5 minutes before it. Null when no run started in the
 * span (then there is no "during defrag" to state) or the 1 s history no longer holds it.
 */
export function comparisonLatencyCost(
  sampler: LatencySampler,
  samples: readonly DefragSample[],
  span: { from: number; to: number; now: number; maxGapMs: number },
): LatencyCost | null {
  const lo = Math.min(span.from, span.to);
  const hi = Math.max(span.from, span.to);
  const run = detectRuns(samples, { maxGapMs: span.maxGapMs })
    .filter((r) => r.start.at >= lo && r.start.at <= hi)
    .at(-1);
  return run ? runLatencyCost(sampler, run, samples, span.now) : null;
}
