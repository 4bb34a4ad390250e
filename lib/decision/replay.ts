import { defragCpuPercent } from './effort';
import { fragInputFromInfo } from './frag-input';
import type { EngineTraits } from './version';

/**
 * "What if these thresholds had been set": the server's start test and effort formula (the same
 * code the live decision uses: frag-input.ts for the percent in C float, effort.ts for the effort)
 * run over recorded history with candidate config values. Pure: no Redis call, no clock.
 *
 * What it can and cannot say. The history holds what happened with the config that was in force,
 * so a replay with other values answers "with these figures, when would the start test have
 * held, and at what effort", not how the figures would have evolved had defrag run differently.
 * A pass, once started, scans the whole keyspace before the test runs again (facts §2.4), and the
 * history does not say how long a scan takes under other values; so a replayed run lasts while
 * the test holds. On recorded runs fragmentation falls in steps at the pass ends (history
 * fixtures), so with the server's own values this lands on the same moments; with other values a
 * real run would end at the end of the pass in progress, a little later.
 * Effort: the formula at each sample. Within a pass the server keeps the higher of that and the
 * pass's effort and recomputes it for the next pass; the recorded figures step down at pass ends,
 * where the server recomputes too, so the formula follows the reported effort (75 -> 17 -> 2 on
 * the Redis 7.0 recording) where a ratchet over the whole run would stay at 75. Redis 8's hidden
 * decay makes it a ceiling there.
 */

export interface ReplaySample {
  at: number;
  ok: boolean;
  allocator_allocated: number | null;
  allocator_active: number | null;
  allocator_frag_bytes: number | null;
  allocator_frag_ratio: number | null;
  /** What the server reported (0 = idle), for "what actually happened". */
  active_defrag_running: number | null;
  /** The config in force at the sample, as recorded (null where not recorded). */
  activedefrag: boolean | null;
  ignore_bytes: number | null;
  threshold_lower: number | null;
}

/** Candidate values; `undefined` = the value recorded at each sample (else `fallback`). */
export interface ReplayCandidate {
  activedefrag?: boolean;
  'active-defrag-ignore-bytes'?: number;
  'active-defrag-threshold-lower'?: number;
  'active-defrag-threshold-upper'?: number;
  'active-defrag-cycle-min'?: number;
  'active-defrag-cycle-max'?: number;
}

/** Values for what neither the candidate nor the history holds: the server's current config. */
export type ReplayFallback = Required<{ [K in keyof ReplayCandidate]: NonNullable<ReplayCandidate[K]> | null }>;

export interface ReplaySpan {
  start: number;
  /** The first sample where the start test no longer held (or the gap / end of data); null while it still holds at the last sample. */
  end: number | null;
  endReason: 'below-threshold' | 'disabled' | 'gap' | null;
  /** Effort at the start (the formula at that sample) and the highest the formula gave in the span. */
  startEffort: number | null;
  peakEffort: number | null;
}

export interface ReplayResult {
  /** Per sample: the replayed effort (0 = idle, null = unknown: gap or missing figures). */
  t: number[];
  effort: (number | null)[];
  /** Per sample: what the server reported, active_defrag_running. */
  actual: (number | null)[];
  spans: ReplaySpan[];
  /** Runs that actually happened (active_defrag_running > 0), for the comparison. */
  actualSpans: { start: number; end: number | null }[];
  /** False when an input of the server's formula is approximated (Redis >= 7.4 without the Lua arena's size, or from the 2-decimal ratio). */
  exact: boolean;
  /** Samples where the test could not be evaluated (gap, missing figure or config). */
  unknownSamples: number;
}

export function replayThresholds(
  samples: readonly ReplaySample[],
  traits: Pick<EngineTraits, 'fragFormula' | 'midPassLowering'>,
  allocator: string | null,
  candidate: ReplayCandidate,
  fallback: ReplayFallback,
): ReplayResult {
  const pick = <K extends keyof ReplayCandidate>(key: K, recorded: ReplayCandidate[K] | null) =>
    candidate[key] !== undefined ? candidate[key] : recorded !== null && recorded !== undefined ? recorded : fallback[key];
  const out: ReplayResult = { t: [], effort: [], actual: [], spans: [], actualSpans: [], exact: true, unknownSamples: 0 };
  let span: ReplaySpan | null = null;
  let actualSpan: { start: number; end: number | null } | null = null;
  /** The previous sample's percent: what the server saw when it started between two samples. */
  let prevPct: number | null = null;

  const close = (at: number, reason: ReplaySpan['endReason']) => {
    if (!span) return;
    span.end = at;
    span.endReason = reason;
    span = null;
  };

  for (const s of samples) {
    out.t.push(s.at);
    const actual = s.ok ? s.active_defrag_running : null;
    out.actual.push(actual);
    if (actual !== null && actual > 0) actualSpan ??= (out.actualSpans.push({ start: s.at, end: null }), out.actualSpans.at(-1)!);
    else if (actualSpan) {
      actualSpan.end = s.at;
      actualSpan = null;
    }

    const enabled = pick('activedefrag', s.activedefrag);
    const ignore = pick('active-defrag-ignore-bytes', s.ignore_bytes);
    const lower = pick('active-defrag-threshold-lower', s.threshold_lower);
    const upper = pick('active-defrag-threshold-upper', null);
    const cycleMin = pick('active-defrag-cycle-min', null);
    const cycleMax = pick('active-defrag-cycle-max', null);
    const frag = s.ok
      ? fragInputFromInfo(
          {
            allocator_allocated: s.allocator_allocated,
            allocator_active: s.allocator_active,
            allocator_frag_bytes: s.allocator_frag_bytes,
            allocator_frag_ratio: s.allocator_frag_ratio,
            // The history keeps neither; on Redis >= 7.4 the percent is then approximate (frag-input.ts).
            allocator_allocated_lua: null,
            used_memory_vm_eval: null,
            used_memory_vm_functions: null,
          },
          traits,
          allocator,
        )
      : null;
    if (frag && !frag.exact) out.exact = false;
    const before = prevPct;
    prevPct = frag && frag.bytes !== null ? frag.pct : null;
    if (!frag || frag.bytes === null || enabled === null || ignore === null || lower === null) {
      out.unknownSamples++;
      out.effort.push(null);
      close(s.at, 'gap');
      continue;
    }
    const holds = enabled && frag.pct >= lower && frag.bytes >= ignore;
    if (!holds) {
      close(s.at, enabled ? 'below-threshold' : 'disabled');
      out.effort.push(0);
      continue;
    }
    // A run starts between two samples, on the fragmentation the server saw then; a fast first pass
    // has often reclaimed much of it by the first sample inside the run (75 % at the start, then 14 %
    // on a lab server): the start takes the higher of the two samples around it. Not where the
    // server lowers the effort mid-pass (7.4+, Valkey 8+): there the sample inside the run is its figure.
    const pct: number = !span && !traits.midPassLowering && before !== null && before > frag.pct ? before : frag.pct;
    const formula: number | null =
      upper === null || cycleMin === null || cycleMax === null ? null : defragCpuPercent(pct, { lower, upper, cycleMin, cycleMax });
    if (!span) {
      span = { start: s.at, end: null, endReason: null, startEffort: formula, peakEffort: formula };
      out.spans.push(span);
    } else if (formula !== null) {
      span.peakEffort = Math.max(span.peakEffort ?? 0, formula);
    }
    out.effort.push(formula);
  }
  return out;
}

/**
 * The chart's view of a per-sample series: at most `points` buckets over [from, to], each holding
 * the highest value in it (a short run must not vanish between two points), null where every
 * sample was unknown, and buckets without samples left out.
 */
export function bucketMax(
  t: readonly number[],
  values: readonly (number | null)[],
  from: number,
  to: number,
  points: number,
): { t: number[]; values: (number | null)[] } {
  if (t.length <= points) return { t: [...t], values: [...values] };
  const width = Math.max(1, (to - from) / points);
  const outT: number[] = [];
  const outV: (number | null)[] = [];
  let bucket = -1;
  for (let i = 0; i < t.length; i++) {
    const b = Math.min(points - 1, Math.floor((t[i]! - from) / width));
    const v = values[i] ?? null;
    if (b !== bucket) {
      bucket = b;
      outT.push(from + b * width);
      outV.push(v);
      continue;
    }
    const last = outV.length - 1;
    if (v !== null && (outV[last] === null || v > outV[last]!)) outV[last] = v;
  }
  return { t: outT, values: outV };
}
