import { makeSnapshot, type SnapshotPatch } from '../decision/snapshot.test-support';
import { createEvaluator, type AlertEvaluator } from './evaluator';
import type { AlertRuleId } from './rules';
import { parseAlertRules } from './rules-config';
import type { AlertTransition, TargetAlertState } from './state';

/** Test helper: drives one target's evaluator on an injected clock (offsets in ms from T0). */

export const T0 = 1_700_000_000_000;
export const SEC = 1000;
export const MIN = 60_000;

export interface Driver {
  evaluator: AlertEvaluator;
  readonly state: TargetAlertState;
  /** Every transition so far, with `at` as an offset from T0. */
  readonly events: Array<AlertTransition & { offset: number }>;
  observe(offset: number, patch?: SnapshotPatch): AlertTransition[];
  down(offset: number, error?: string): AlertTransition[];
  tick(offset: number): AlertTransition[];
  /** Events of one rule, as `fired@<offset>` / `resolved@<offset>`. */
  timeline(rule: AlertRuleId): string[];
  setState(state: TargetAlertState): void;
}

export function driver(overrides: object = {}, start = 0): Driver {
  const parsed = parseAlertRules(JSON.stringify(overrides));
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  const evaluator = createEvaluator(parsed.rules);
  let state = evaluator.initial('t1', T0 + start);
  const events: Array<AlertTransition & { offset: number }> = [];
  const record = (transitions: AlertTransition[]) => {
    events.push(...transitions.map((t) => ({ ...t, offset: t.at - T0 })));
    return transitions;
  };
  const observe = (offset: number, patch: SnapshotPatch = {}) => {
    const result = evaluator.observe(state, makeSnapshot(patch), T0 + offset);
    state = result.state;
    return record(result.transitions);
  };
  return {
    evaluator,
    get state() {
      return state;
    },
    events,
    observe,
    down: (offset, error = 'connect ECONNREFUSED') => observe(offset, { ok: false, error }),
    tick(offset) {
      const result = evaluator.tick(state, T0 + offset);
      state = result.state;
      return record(result.transitions);
    },
    timeline: (rule) => events.filter((e) => e.rule === rule).map((e) => `${e.status}@${e.offset}`),
    setState(next) {
      state = next;
    },
  };
}
