import type { SnapshotConfig } from '../snapshot';
import type { Diagnosis } from '../decision/types';
import { formatBytes, formatPercent } from '../decision/units';
import type { EngineTraits } from '../decision/version';
import type { DefragPass } from './defrag-passes';
import type { DefragRun, DefragSample } from './defrag-runs';
import type { LatencyCost } from '../latency/api-schema';
import { formatUsec, suggestedCycleMax, worstRow } from '../latency/latency-cost';

/**
 * "Running but not helping": what one run's history shows that a single snapshot cannot. Pure.
 * Each item says what to change. Thresholds are deliberately coarse (1 % of the fragmented bytes,
 * windows of 20-60 s) so one slow poll cannot raise them.
 */

export interface RunDiagnosisInput {
  run: DefragRun;
  /** The run's samples, in time order. */
  samples: readonly DefragSample[];
  passes: readonly DefragPass[];
  config: SnapshotConfig;
  traits: Pick<EngineTraits, 'decayFactor' | 'name'>;
  /** The server's formula (no decay) on the newest sample, and the effort it reports. */
  formulaEffort: number | null;
  currentEffort: number | null;
  /** p99 per busy command during the run against the 5 minutes before (lib/latency), when measured. */
  latencyCost?: LatencyCost | null;
  /** The defrag-latency alert rule's multiple: the same line for the diagnosis. Default 3. */
  latencyMultiple?: number;
}

const WINDOW_MS = 60_000;
const MIN_WINDOW_MS = 20_000;

export function diagnoseRun(input: RunDiagnosisInput): Diagnosis[] {
  const out: Diagnosis[] = [];
  const ok = input.samples.filter((s) => s.ok && (s.active_defrag_running ?? 0) > 0);
  const last = ok.at(-1);
  if (!last) return out;
  const windowStart = ok.find((s) => s.at >= last.at - WINDOW_MS)!;
  const span = last.at - windowStart.at;
  const notReclaiming = notReclaimingDiagnosis(windowStart, last, span, input.passes);
  if (notReclaiming) out.push(notReclaiming);
  const pinned = pinnedAtMin(ok, input.config);
  if (pinned) out.push(pinned);
  const decay = hiddenDecay(input);
  if (decay) out.push(decay);
  const latency = latencyRise(input);
  if (latency) out.push(latency);
  return out;
}

/**
 * A busy command's p99 during the run above `latencyMultiple` times its p99 in the 5 minutes before:
 * the cycles' CPU share delays clients. The advice halves the effort that coincided with the rise.
 */
export function latencyRise(input: Pick<RunDiagnosisInput, 'latencyCost' | 'latencyMultiple' | 'config'>): Diagnosis | null {
  const cost = input.latencyCost;
  const multiple = input.latencyMultiple ?? 3;
  if (!cost) return null;
  const worst = worstRow(cost);
  if (!worst || worst.ratio === null || worst.ratio <= multiple) return null;
  const min = input.config['active-defrag-cycle-min'];
  const max = input.config['active-defrag-cycle-max'];
  const suggestion = suggestedCycleMax(cost.meanEffort, min, max);
  const effort = cost.meanEffort === null ? 'unknown' : `${Math.round(cost.meanEffort)} %`;
  const others = cost.rows.filter((r) => r !== worst).slice(0, 2);
  const otherText =
    others.length > 0
      ? ` Also: ${others.map((r) => `${r.command.toUpperCase()} ${formatUsec(r.beforeP99Usec)} -> ${formatUsec(r.duringP99Usec)}`).join(', ')}.`
      : '';
  return {
    id: 'run-latency',
    severity: 'warn',
    title: `${worst.command.toUpperCase()} p99 ${formatUsec(worst.beforeP99Usec)} -> ${formatUsec(worst.duringP99Usec)} while defrag runs (${worst.ratio.toFixed(1)}x)`,
    detail: `LATENCY HISTOGRAM: ${worst.command.toUpperCase()} p99 was ${formatUsec(worst.beforeP99Usec)} over ${worst.beforeCalls.toLocaleString('en')} calls in the 5 minutes before the run and ${formatUsec(worst.duringP99Usec)} over ${worst.duringCalls.toLocaleString('en')} calls during it, above ${multiple}x, while defrag ran at ${effort} CPU on average (peak ${cost.peakEffort ?? '?'} %, active-defrag-cycle-max ${max ?? '?'} %).${otherText} Power-of-two buckets: each figure is the upper bound of its bucket.`,
    advice:
      suggestion === null
        ? 'Defrag already runs at its lowest setting here: run it in a quieter window, or accept the latency while it catches up.'
        : `Suggestion: try active-defrag-cycle-max ${suggestion} (about half the ${effort} that coincided with the rise${min !== null && suggestion === min ? ', held at cycle-min' : ''}); the run takes longer, each cycle blocks clients for less.`,
  };
}

function notReclaimingDiagnosis(from: DefragSample, to: DefragSample, span: number, passes: readonly DefragPass[]): Diagnosis | null {
  if (span < MIN_WINDOW_MS || from.allocator_frag_bytes == null || to.allocator_frag_bytes == null) return null;
  const reclaimed = from.allocator_frag_bytes - to.allocator_frag_bytes;
  if (reclaimed > from.allocator_frag_bytes * 0.01) return null;
  const hits = from.active_defrag_hits != null && to.active_defrag_hits != null ? to.active_defrag_hits - from.active_defrag_hits : null;
  const misses = from.active_defrag_misses != null && to.active_defrag_misses != null ? to.active_defrag_misses - from.active_defrag_misses : null;
  const secs = Math.round(span / 1000);
  const flat = `allocator_frag_bytes went from ${formatBytes(from.allocator_frag_bytes)} to ${formatBytes(to.allocator_frag_bytes)} over the last ${secs} s`;
  const share = hits !== null && misses !== null && hits + misses > 0 ? (hits / (hits + misses)) * 100 : null;
  if (hits !== null && hits > 0 && (share === null || share >= 1)) {
    return {
      id: 'run-churn',
      severity: 'warn',
      title: 'Defrag is moving allocations, but writes fragment memory as fast',
      detail: `${flat}, while defrag moved ${hits.toLocaleString('en')} allocations (${Math.round(hits / Math.max(1, secs)).toLocaleString('en')}/s): new writes and deletes keep re-creating the holes.`,
      advice:
        'Give defrag more CPU (raise active-defrag-cycle-max) if latency allows, or run it in a quieter window; with a steady write churn at this level the fragmentation will not fall.',
    };
  }
  const finished = passes.filter((p) => !p.ongoing);
  const idle = finished.filter((p) => p.reclaimedFragBytes !== null && p.reclaimedFragBytes <= Math.max(64 * 1024, (from.allocator_frag_bytes ?? 0) * 0.01));
  const passNote = finished.length > 0 ? ` ${idle.length} of ${finished.length} finished passes reclaimed nothing measurable.` : '';
  return {
    id: 'run-stuck',
    severity: 'warn',
    title: 'Defrag passes end without reclaiming',
    detail: `${flat}, with ${hits ?? 'unknown'} allocations moved${share !== null ? ` (${formatPercent(share)} of those scanned)` : ''}.${passNote} What is left is not movable by defrag (allocations pinned, or huge collections deferred).`,
    advice:
      'Stop spending CPU on it: raise active-defrag-threshold-lower above the current fragmentation (or raise active-defrag-ignore-bytes). If large collections dominate, check active-defrag-max-scan-fields.',
  };
}

/** Every sample of the last minute at cycle-min while fragmentation sits within 2 points above threshold-lower. */
function pinnedAtMin(running: readonly DefragSample[], config: SnapshotConfig): Diagnosis | null {
  const min = config['active-defrag-cycle-min'];
  const lower = config['active-defrag-threshold-lower'];
  const last = running.at(-1)!;
  if (min === null || lower === null) return null;
  const recent = running.filter((s) => s.at >= last.at - WINDOW_MS);
  if (recent.length < 2 || last.at - recent[0]!.at < MIN_WINDOW_MS) return null;
  const pcts = recent.map((s) => (s.allocator_frag_ratio == null ? null : (s.allocator_frag_ratio - 1) * 100));
  const atMin = recent.every((s) => s.active_defrag_running === min);
  const hovering = pcts.every((p) => p !== null && p >= lower - 0.5 && p <= lower + 2);
  if (!atMin || !hovering) return null;
  const pct = pcts.at(-1)!;
  return {
    id: 'run-pinned-cycle-min',
    severity: 'info',
    title: `Defrag idling at cycle-min (${min}% CPU) just above threshold-lower`,
    detail: `Allocator fragmentation has stayed at ${formatPercent(pct)}, within 2 points of threshold-lower ${formatPercent(lower)}, and every sample of the last ${Math.round((last.at - recent[0]!.at) / 1000)} s ran at cycle-min: passes restart for a sliver of waste.`,
    advice: `If that waste is acceptable, raise active-defrag-threshold-lower to ${Math.ceil(pct) + 1} so the passes stop; to finish it instead, raise active-defrag-cycle-min or lower active-defrag-threshold-upper.`,
  };
}

/** Redis 8 only: the reported effort below the formula's own value can only be the unprinted decay. */
function hiddenDecay(input: RunDiagnosisInput): Diagnosis | null {
  const { formulaEffort: formula, currentEffort: current, traits } = input;
  if (traits.decayFactor !== true || formula === null || current === null || current <= 0 || current >= formula) return null;
  return {
    id: 'run-hidden-decay',
    severity: 'info',
    title: `Effort ${current}% is below the formula's ${formula}%: Redis 8's hidden decay`,
    detail: `On ${traits.name} the effort is multiplied by a decay factor (x0.9 after each pass that moved fragmentation by 2 points or less; never printed). The formula gives ${formula}% on the current figures, the server runs at ${current}%, so the factor is at most ${(current / formula + 1 / formula).toFixed(2)}. The prediction is an upper bound for that reason.`,
    advice:
      'Nothing resets it but a pass that changes fragmentation by more than 2 points, or a restart. If the remaining fragmentation matters, restart in a maintenance window; otherwise raise active-defrag-threshold-lower so these passes stop.',
  };
}
