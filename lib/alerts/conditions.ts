import { formatBytes, formatDuration, formatRatio } from '../format';
import { TOO_SMALL_BYTES } from '../info-parser';
import { formatUsec, suggestedCycleMax, worstRow } from '../latency/latency-cost';
import type { Snapshot } from '../snapshot';
import type { AlertRules } from './rules';
import type { RuleMemory } from './state';

/**
 * Each rule's condition on one sample. `holds: null` means "this sample cannot tell" (the target
 * is down, a figure is missing): the evaluator then keeps the rule's phase, so an outage never
 * resolves (or confirms) anything by itself; target-down speaks for the outage.
 */
export interface Verdict {
  holds: boolean | null;
  value: number | null;
  message: string;
  /** When the condition really started, if earlier than this sample (target-down: the last good one). */
  since?: number;
}

export const UNKNOWN: Verdict = Object.freeze({ holds: null, value: null, message: '' });

/** Points kept per climbing window: enough resolution, bounded memory whatever the poll rate. */
export const FRAG_POINTS = 30;
/** Float noise: a rise of exactly `rise` (1.4 - 1.2) must not count as "more than". */
const EPSILON = 1e-9;

export function rssRatioHigh(s: Snapshot, rules: AlertRules): Verdict {
  if (!s.ok) return UNKNOWN;
  const { used_memory: used, used_memory_rss: rss, mem_fragmentation_ratio: ratio } = s.info;
  if (used === null || ratio === null) return UNKNOWN;
  const { threshold } = rules['rss-ratio-high'];
  if (used < TOO_SMALL_BYTES) {
    return { holds: false, value: ratio, message: `used_memory is ${formatBytes(used)}, under 5 MiB: the RSS ratio means nothing at this size` };
  }
  if (ratio > threshold) {
    return {
      holds: true,
      value: ratio,
      message: `mem_fragmentation_ratio is ${formatRatio(ratio)}, above ${threshold} (RSS ${formatBytes(rss)} for ${formatBytes(used)} used)`,
    };
  }
  return { holds: false, value: ratio, message: `mem_fragmentation_ratio is ${formatRatio(ratio)}, at or below ${threshold}` };
}

export function ratioClimbing(s: Snapshot, memory: RuleMemory, restarted: boolean, rules: AlertRules, now: number): Verdict {
  if (!s.ok) return UNKNOWN;
  const value = s.info.allocator_frag_ratio;
  const on = s.config.activedefrag;
  if (on === false) return { holds: false, value, message: 'activedefrag is no' };
  if (on === null || value === null) return UNKNOWN;
  // A restart rebuilt the heap: comparing with the old process's figures would be meaningless.
  if (restarted) return { holds: false, value, message: 'the server restarted (new run_id): the climb is over' };
  const { rise, forMinutes } = rules['ratio-climbing'];
  const baseline = climbBaseline(memory.frag, now, forMinutes * 60_000);
  if (!baseline) return UNKNOWN;
  const delta = value - baseline.value;
  const span = formatDuration(now - baseline.at);
  if (delta > rise + EPSILON) {
    return {
      holds: true,
      value,
      message: `allocator_frag_ratio rose from ${formatRatio(baseline.value)} to ${formatRatio(value)} in ${span} while activedefrag is yes: defrag is losing ground`,
    };
  }
  return { holds: false, value, message: `allocator_frag_ratio is ${formatRatio(value)} (${signed(delta)} in ${span}): no longer climbing` };
}

export function defragUnsupported(s: Snapshot): Verdict {
  if (!s.ok) return UNKNOWN;
  const on = s.config.activedefrag;
  if (on === null) return UNKNOWN;
  if (!on) return { holds: false, value: null, message: 'activedefrag is no' };
  // Mirrors lib/decision/conditions.ts: the probe decides; without it, only a non-jemalloc
  // allocator is evidence (a jemalloc name proves nothing: Debian links the system one).
  const { defragSupported, defragUnsupportedReason } = s.derived;
  if (defragSupported === false) {
    const why = defragUnsupportedReason ? `: "${defragUnsupportedReason}"` : ' (the support probe was refused)';
    return { holds: true, value: null, message: `activedefrag is yes but this build cannot defrag${why}` };
  }
  const allocator = s.server.allocator;
  if (defragSupported === null && allocator !== null && !allocator.toLowerCase().startsWith('jemalloc')) {
    return { holds: true, value: null, message: `activedefrag is yes but mem_allocator is ${allocator}: active defrag needs jemalloc` };
  }
  return { holds: false, value: null, message: 'activedefrag is yes and the build supports it' };
}

export function effortAtMax(s: Snapshot): Verdict {
  if (!s.ok) return UNKNOWN;
  // active_defrag_running is the pass's target CPU %, not a 0/1 flag.
  const running = s.info.active_defrag_running;
  const max = s.config['active-defrag-cycle-max'];
  if (running === null || max === null) return UNKNOWN;
  if (running > 0 && running >= max) {
    return {
      holds: true,
      value: running,
      message: `defrag effort is ${running}%, at active-defrag-cycle-max (${max}%): fragmentation is above threshold-upper or defrag cannot catch up`,
    };
  }
  const message = running === 0 ? 'no defrag pass is running' : `defrag effort is ${running}%, below active-defrag-cycle-max (${max}%)`;
  return { holds: false, value: running, message };
}

/**
 * p99 of the busy command that rose most during the running defrag against the 5 minutes before
 * (snapshot.latency.defragCost, from the poller's LATENCY HISTOGRAM readings). No run: false.
 */
export function defragLatency(s: Snapshot, rules: AlertRules): Verdict {
  if (!s.ok) return UNKNOWN;
  const running = s.info.active_defrag_running;
  const cost = s.latency.defragCost ?? null;
  if (!cost) return running === 0 ? { holds: false, value: null, message: 'no defrag run goes on' } : UNKNOWN;
  const worst = worstRow(cost);
  if (!worst || worst.ratio === null) return UNKNOWN;
  const { multiple } = rules['defrag-latency'];
  const figures = `${worst.command.toUpperCase()} p99 ${formatUsec(worst.beforeP99Usec)} before the run, ${formatUsec(worst.duringP99Usec)} during it (${worst.ratio.toFixed(1)}x)`;
  if (worst.ratio > multiple + EPSILON) {
    const effort = cost.meanEffort === null ? '' : ` while defrag ran at ${Math.round(cost.meanEffort)} % CPU`;
    const max = suggestedCycleMax(cost.meanEffort, s.config['active-defrag-cycle-min'], s.config['active-defrag-cycle-max']);
    const advice = max === null ? '' : `; try active-defrag-cycle-max ${max}`;
    return { holds: true, value: worst.ratio, message: `${figures}${effort}, above ${multiple}x${advice}` };
  }
  return { holds: false, value: worst.ratio, message: `${figures}: within ${multiple}x` };
}

/** On a sample: a good one ends an outage, a failed one extends it from the last good sample. */
export function targetDownOnSample(s: Snapshot, before: RuleMemory, now: number): Verdict {
  const since = before.lastOkAt ?? before.watchStart;
  const downFor = Math.max(0, now - since);
  if (s.ok) return { holds: false, value: Math.round(downFor / 1000), message: 'the target answers again' };
  const why = s.error ? `: ${s.error.slice(0, 200)}` : '';
  return { holds: true, since, value: Math.round(downFor / 1000), message: `no good sample for ${formatDuration(downFor)}${why}` };
}

/** Without a sample: only the silence itself is evidence, once it has lasted the whole duration. */
export function targetDownOnTick(memory: RuleMemory, rules: AlertRules, now: number): Verdict {
  const since = memory.lastOkAt ?? memory.watchStart;
  const downFor = now - since;
  if (downFor < rules['target-down'].forSeconds * 1000) return UNKNOWN;
  return { holds: true, since, value: Math.round(downFor / 1000), message: `no good sample for ${formatDuration(downFor)}` };
}

/** The newest point at or before the window's start, if it is not from long before it (a gap). */
export function climbBaseline(frag: RuleMemory['frag'], now: number, windowMs: number): RuleMemory['frag'][number] | null {
  let baseline: RuleMemory['frag'][number] | null = null;
  for (const point of frag) {
    if (point.at > now - windowMs) break;
    baseline = point;
  }
  return baseline && baseline.at >= now - 2 * windowMs ? baseline : null;
}

/** Adds a point unless the last one is recent, and drops what no future baseline can use. */
export function pushFrag(frag: RuleMemory['frag'], now: number, value: number, windowMs: number): RuleMemory['frag'] {
  const last = frag.at(-1);
  const next = last && now - last.at < windowMs / FRAG_POINTS ? [...frag] : [...frag, { at: now, value }];
  const start = now - windowMs;
  let drop = 0;
  while (drop + 1 < next.length && next[drop + 1]!.at <= start) drop++;
  return next.slice(drop).filter((p) => p.at >= now - 2 * windowMs);
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
}
