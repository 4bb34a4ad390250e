import type { Health } from '../snapshot';
import type { Condition, ConditionValue, Decision, Verdict } from './types';
import { formatBytes, formatPercent } from './units';

/** Display helpers shared by the decision components (pure, so they are tested here). */

export type NodeState = 'pass' | 'fail' | 'unknown';

export function nodeState(pass: boolean | null): NodeState {
  return pass === true ? 'pass' : pass === false ? 'fail' : 'unknown';
}

/** Symbol and word always travel together with the colour (colour-blind and screenshot safe). */
export const STATE_MARK: Record<NodeState, { symbol: string; word: string }> = {
  pass: { symbol: '✓', word: 'yes' },
  fail: { symbol: '✗', word: 'no' },
  unknown: { symbol: '?', word: 'unknown' },
};

export function formatConditionValue(id: Condition['id'], v: ConditionValue): string {
  if (v === null) return 'unknown';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return v;
  if (id === 'frag-pct') return formatPercent(v);
  if (id === 'frag-bytes') return formatBytes(v);
  return String(v);
}

/** Index of the last condition on the live path: the blocking one, or all of them. */
export function livePathEnd(decision: Decision): number {
  const i = decision.conditions.findIndex((c) => c.id === decision.blockingId);
  return i === -1 ? decision.conditions.length : i;
}

export const VERDICT_LABEL: Record<Verdict, string> = {
  running: 'Running',
  'will-run': 'Will run',
  'will-not-run': 'Will not run',
  unknown: 'Cannot tell',
};

/** "25% CPU", "≤ 25% CPU", "effort undefined", or null when there is no effort to show. */
export function cpuText(decision: Decision): string {
  const { cpuPercent, currentCpuPercent, verdict, cpuIsUpperBound } = decision;
  const lower = decision.config['active-defrag-threshold-lower'];
  const undefinedEffort = lower !== null && decision.config['active-defrag-threshold-upper'] === lower;
  const predicted = cpuPercent === null ? null : `${cpuIsUpperBound ? '≤ ' : ''}${cpuPercent}% CPU`;
  if (verdict === 'running') {
    const next = predicted && cpuPercent !== currentCpuPercent ? ` (next check: ${predicted})` : '';
    return `at ${currentCpuPercent}% CPU${next}`;
  }
  if (verdict === 'will-not-run') return 'no CPU';
  if (predicted) return verdict === 'unknown' ? `if it runs: ${predicted}` : predicted;
  return undefinedEffort ? 'effort undefined (threshold-upper = threshold-lower)' : 'effort unknown';
}

/** The rule of thumb's branches, top to bottom, as the RuleOfThumbTree draws them. */
export const RSS_BRANCHES: ReadonlyArray<{ health: Health; test: string }> = [
  { health: 'too-small', test: 'used_memory < 5 MiB' },
  { health: 'below-one', test: 'ratio < 1.0' },
  { health: 'healthy', test: '1.0 – 1.5' },
  { health: 'moderate', test: '1.5 – 2.0' },
  { health: 'high', test: '> 2.0' },
];
