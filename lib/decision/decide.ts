import type { Snapshot, SnapshotConfig } from '../snapshot';
import { evaluateConditions } from './conditions';
import { defragCpuPercent, nextRunningEffort } from './effort';
import { fragInputFromInfo } from './frag-input';
import { classifyRssRatio, explainDisagreement, ruleOfThumb } from './rule-of-thumb';
import type { Condition, ConfigOverrides, Decision, Verdict } from './types';
import { formatBytes, formatPercent } from './units';
import { engineTraits, type EngineTraits } from './version';
import { collectWarnings } from './warnings';

/** Config keys whose CONFIG SET lets a running pass lower its effort (Redis >= 7.4, Valkey >= 8.0). */
const EFFORT_KEYS = ['active-defrag-cycle-min', 'active-defrag-cycle-max', 'active-defrag-threshold-upper'] as const;

export function applyOverrides(config: SnapshotConfig, overrides: ConfigOverrides = {}) {
  const merged: SnapshotConfig = { ...config };
  const overridden = new Set<keyof SnapshotConfig>();
  for (const [key, value] of Object.entries(overrides) as Array<[keyof SnapshotConfig, unknown]>) {
    if (value === undefined || !(key in config)) continue;
    if (value !== config[key]) overridden.add(key);
    (merged as Record<string, unknown>)[key] = value;
  }
  return { config: merged, overridden };
}

/**
 * Will active defrag run on this server, and at what effort? A pure function of one snapshot plus
 * optional what-if config values; it mirrors `computeDefragCycles` (Redis) / `updateDefragCpuPercent` (Valkey).
 */
export function decide(snapshot: Snapshot, overrides?: ConfigOverrides): Decision {
  const { info } = snapshot;
  const { config, overridden } = applyOverrides(snapshot.config, overrides);
  const traits = engineTraits(snapshot.server);
  const current = info.active_defrag_running;
  const running = (current ?? 0) > 0 && config.activedefrag !== false;
  // The percent the server itself compares, from INFO's byte figures in C float arithmetic.
  const frag = fragInputFromInfo(info, traits, snapshot.server.allocator);
  const fragPct = frag?.pct ?? null;
  const fragBytes = frag?.bytes ?? info.allocator_frag_bytes;
  const fragPctExact = frag?.exact ?? false;
  const conditions = evaluateConditions({ snapshot, config, overridden, traits, running, fragPct, fragBytes, fragPctExact, fragPctNote: frag?.note ?? null });

  const failing = conditions.find((c) => c.pass === false) ?? null;
  const verdict: Verdict = running ? 'running' : failing ? 'will-not-run' : conditions.every((c) => c.pass === true) ? 'will-run' : 'unknown';

  const formula = predictEffort(fragPct, config);
  let cpuPercent: number | null = verdict === 'will-not-run' ? null : formula;
  if (verdict === 'running' && formula !== null && current !== null) {
    const lowerAllowed = traits.midPassLowering === true && EFFORT_KEYS.some((k) => overridden.has(k));
    cpuPercent = nextRunningEffort(current, formula, lowerAllowed);
  }
  const cpuIsUpperBound = traits.decayFactor !== false;

  const health = snapshot.derived.health !== 'unknown' ? snapshot.derived.health : classifyRssRatio(info.used_memory, info.mem_fragmentation_ratio);
  const lower = config['active-defrag-threshold-lower'];
  const ignoreBytes = config['active-defrag-ignore-bytes'];

  return {
    conditions,
    blockingId: verdict === 'running' ? null : (failing?.id ?? null),
    verdict,
    willRun: verdict === 'running' || verdict === 'will-run' ? true : verdict === 'will-not-run' ? false : null,
    cpuPercent,
    currentCpuPercent: current,
    cpuIsUpperBound,
    fragPct,
    fragPctExact,
    fragPctNote: frag?.note ?? (frag ? null : 'INFO memory has no allocator fragmentation figures'),
    fragBytes,
    config,
    whatIf: overridden.size > 0,
    reason: explainVerdict(verdict, failing, conditions, cpuPercent, current, cpuIsUpperBound, traits, config),
    warnings: collectWarnings(snapshot, config, traits, fragPct),
    ruleOfThumb: ruleOfThumb(health, info.mem_fragmentation_ratio),
    disagreement: explainDisagreement(info, health, { fragPct, fragBytes, lower, ignoreBytes, smallBinsFrag: traits.smallBinsFrag }),
  };
}

export function predictEffort(fragPct: number | null, config: SnapshotConfig): number | null {
  const lower = config['active-defrag-threshold-lower'];
  const upper = config['active-defrag-threshold-upper'];
  const cycleMin = config['active-defrag-cycle-min'];
  const cycleMax = config['active-defrag-cycle-max'];
  if (fragPct === null || lower === null || upper === null || cycleMin === null || cycleMax === null) return null;
  return defragCpuPercent(fragPct, { lower, upper, cycleMin, cycleMax });
}

/** The blocking condition in words ("activedefrag is off"): the status strip shows it beside the verdict. */
export function blockedBy(c: Condition): string {
  const num = (v: Condition['actual']) => (typeof v === 'number' ? v : null);
  switch (c.id) {
    case 'enabled':
      return 'activedefrag is off';
    case 'supported':
      return 'this build cannot defrag';
    case 'no-fork-child':
      return `a ${c.actual} child is running; the start test runs again once it exits`;
    case 'frag-pct':
      return `allocator fragmentation ${formatPercent(num(c.actual))} is below threshold-lower ${formatPercent(num(c.threshold))}`;
    case 'frag-bytes':
      return `only ${formatBytes(num(c.actual))} is fragmented, below ignore-bytes ${formatBytes(num(c.threshold))}`;
  }
}

function explainVerdict(
  verdict: Verdict,
  failing: Condition | null,
  conditions: Condition[],
  cpu: number | null,
  current: number | null,
  upperBound: boolean,
  traits: EngineTraits,
  config: SnapshotConfig,
): string {
  const effort = cpu === null ? null : `${upperBound ? 'at most ' : ''}${cpu}% CPU`;
  const undefinedEffort =
    config['active-defrag-threshold-upper'] !== null && config['active-defrag-threshold-upper'] === config['active-defrag-threshold-lower'];
  if (verdict === 'running') {
    const paused = conditions[2]?.pass === false ? ', paused while the fork child runs' : '';
    const next = cpu !== null && cpu !== current ? ` With these values the next check would set ${effort}.` : '';
    return `Active defrag is running at ${current}% CPU${paused}; the pass continues until it has scanned the whole keyspace.${next}`;
  }
  if (verdict === 'will-not-run') return `Active defrag will not run: ${failing ? blockedBy(failing) : 'a condition fails'}.`;
  const when = traits.decidesEveryTick === true ? 'at the next cron tick' : traits.decidesEveryTick === false ? 'within about a second' : 'shortly';
  const undefinedNote = 'an undefined effort (threshold-upper equals threshold-lower)';
  if (verdict === 'will-run') {
    const how = effort ? `, using ${effort}` : undefinedEffort ? `, with ${undefinedNote}` : '';
    return `All five conditions hold: active defrag will start ${when}${how}.`;
  }
  const unknown = conditions.filter((c) => c.pass === null).map((c) => c.label);
  const ifRuns = effort ? `; if it runs, it will use ${effort}` : undefinedEffort ? `; if it runs, it has ${undefinedNote}` : '';
  return `Cannot tell whether active defrag will run: unknown ${unknown.join(', ')}${ifRuns}.`;
}
