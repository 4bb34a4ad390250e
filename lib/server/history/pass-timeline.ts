import 'server-only';
import { decide, predictEffort } from '@/lib/decision';
import { engineTraits } from '@/lib/decision/version';
import type { Diagnosis } from '@/lib/decision/types';
import { detectPasses, type DefragPass } from '@/lib/history/defrag-passes';
import type { DefragRun, DefragSample } from '@/lib/history/defrag-runs';
import { diagnoseRun } from '@/lib/history/run-diagnoses';
import type { LatencyCost } from '@/lib/latency/api-schema';
import type { Snapshot } from '@/lib/snapshot';
import { getHub } from '../core/hub';

/**
 * The pass timeline of the run going now (else the newest one) and, while it runs, the "running but
 * not helping" diagnoses from its history. The counter semantics come from the server's version.
 */
export function passTimeline(
  runs: readonly DefragRun[],
  samples: readonly DefragSample[],
  latest: Snapshot | null,
  latencyCost: LatencyCost | null = null,
): { passes: DefragPass[]; runDiagnoses: Diagnosis[] } {
  const run = runs.find((r) => r.end === null) ?? runs.at(-1) ?? null;
  if (!run) return { passes: [], runDiagnoses: [] };
  const traits = engineTraits(latest?.server ?? { engine: null, version: null });
  const passes = detectPasses(run, samples, { resetsPerPass: traits.defragTimeResetsPerPass });
  if (run.end !== null || !latest) return { passes, runDiagnoses: [] };
  const decision = decide(latest);
  const from = run.before?.at ?? run.start.at;
  const runDiagnoses = diagnoseRun({
    run,
    samples: samples.filter((s) => s.at >= from),
    passes,
    config: latest.config,
    traits,
    formulaEffort: predictEffort(decision.fragPct, decision.config),
    currentEffort: decision.currentCpuPercent,
    latencyCost,
    latencyMultiple: getHub().config.alerts.rules['defrag-latency'].multiple,
  });
  return { passes, runDiagnoses };
}
