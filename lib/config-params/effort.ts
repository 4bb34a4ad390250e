import { bytesToInput } from '../decision/what-if';
import { boolOf, integerOf, type CurrentConfig } from './values';

/**
 * Why a change makes the server work harder (or start working at all). The editor asks for a typed
 * confirmation whenever this is non-empty, because these are the changes that can cost latency on a
 * live server. A raise is only claimed when both values are known, except for switching defrag on:
 * an unknown `activedefrag` may well be off, so turning it on must be confirmed.
 */

interface RaiseRule {
  param: string;
  /** Which way is "more effort". */
  raisesWhen: 'up' | 'down';
  reason(before: bigint, after: bigint): string;
}

const pct = (n: bigint) => `${n} %`;
const bytes = (n: bigint) => (n <= BigInt(Number.MAX_SAFE_INTEGER) ? bytesToInput(Number(n)) : `${n} bytes`);

const RULES: readonly RaiseRule[] = [
  {
    param: 'active-defrag-cycle-min',
    raisesWhen: 'up',
    reason: (b, a) => `cycle-min rises from ${pct(b)} to ${pct(a)}: every pass uses at least this much CPU.`,
  },
  {
    param: 'active-defrag-cycle-max',
    raisesWhen: 'up',
    reason: (b, a) => `cycle-max rises from ${pct(b)} to ${pct(a)}: a pass may take more CPU from client commands.`,
  },
  {
    param: 'active-defrag-threshold-upper',
    raisesWhen: 'down',
    reason: (b, a) => `threshold-upper falls from ${pct(b)} to ${pct(a)}: maximum effort is reached at less fragmentation.`,
  },
  {
    param: 'active-defrag-threshold-lower',
    raisesWhen: 'down',
    reason: (b, a) => `threshold-lower falls from ${pct(b)} to ${pct(a)}: defrag starts sooner, at less fragmentation.`,
  },
  {
    param: 'active-defrag-ignore-bytes',
    raisesWhen: 'down',
    reason: (b, a) => `ignore-bytes falls from ${bytes(b)} to ${bytes(a)}: defrag starts sooner, on less wasted memory.`,
  },
  {
    param: 'active-defrag-max-scan-fields',
    raisesWhen: 'up',
    reason: (b, a) => `max-scan-fields rises from ${b} to ${a}: longer uninterrupted steps on big keys.`,
  },
  {
    param: 'active-defrag-cycle-us',
    raisesWhen: 'up',
    reason: (b, a) => `cycle-us rises from ${b} to ${a} µs: a longer duty cycle holds the event loop longer.`,
  },
];

export function effortRaises(before: CurrentConfig, after: CurrentConfig): string[] {
  const reasons: string[] = [];
  if (boolOf(after['activedefrag']) === true && boolOf(before['activedefrag']) !== true) {
    const was = boolOf(before['activedefrag']) === false ? 'off' : 'in an unknown state';
    reasons.push(`activedefrag turns on (it was ${was}): the server starts spending CPU on defrag passes.`);
  }
  for (const rule of RULES) {
    const b = integerOf(before[rule.param]);
    const a = integerOf(after[rule.param]);
    if (b === null || a === null) continue;
    if (rule.raisesWhen === 'up' ? a > b : a < b) reasons.push(rule.reason(b, a));
  }
  return reasons;
}
