import 'server-only';
import type { DefragRun, DefragSample } from '@/lib/history/defrag-runs';
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
