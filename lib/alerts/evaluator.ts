import type { Snapshot } from '../snapshot';
import {
  defragLatency,
  defragUnsupported,
  effortAtMax,
  pushFrag,
  ratioClimbing,
  rssRatioHigh,
  targetDownOnSample,
  targetDownOnTick,
  UNKNOWN,
  type Verdict,
} from './conditions';
import { ALERT_RULE_IDS, holdMs, RULE_INFO, type AlertRuleId, type AlertRules } from './rules';
import { INACTIVE, type ActiveAlert, type AlertTransition, type RuleMemory, type RuleState, type TargetAlertState } from './state';

/**
 * Per (target, rule): inactive → pending (the condition holds, since T) → firing (it held for the
 * rule's duration) → back to inactive when it stops holding, with a `resolved` transition.
 * Pure: every call takes `now` and returns a new state plus the transitions it caused. A firing
 * rule that still holds emits nothing, so a duplicate fire cannot happen.
 */
export interface Evaluation {
  state: TargetAlertState;
  transitions: AlertTransition[];
}

export interface AlertEvaluator {
  readonly rules: AlertRules;
  initial(targetId: string, now: number): TargetAlertState;
  /** One sample of the target. */
  observe(state: TargetAlertState, snapshot: Snapshot, now: number): Evaluation;
  /** No sample: lets target-down fire when the samples stop altogether. */
  tick(state: TargetAlertState, now: number): Evaluation;
  /** A state read back after a restart: the dashboard's own downtime is not the target's. */
  resume(state: TargetAlertState, now: number): Evaluation;
  /** The target is no longer monitored: resolve whatever was firing. */
  retire(state: TargetAlertState, now: number): AlertTransition[];
}

type Verdicts = Record<AlertRuleId, Verdict>;

export function createEvaluator(rules: AlertRules): AlertEvaluator {
  const apply = (state: TargetAlertState, memory: RuleMemory, verdicts: Verdicts, now: number): Evaluation => {
    const next = { ...state.rules };
    const transitions: AlertTransition[] = [];
    for (const rule of ALERT_RULE_IDS) {
      if (!rules[rule].enabled) continue;
      const result = step(state.targetId, rule, state.rules[rule], verdicts[rule], holdMs(rules, rule), now);
      next[rule] = result.next;
      if (result.transition) transitions.push(result.transition);
    }
    return { state: { ...state, rules: next, memory }, transitions };
  };

  return {
    rules,
    initial: (targetId, now) => ({
      targetId,
      rules: Object.fromEntries(ALERT_RULE_IDS.map((id) => [id, INACTIVE])) as Record<AlertRuleId, RuleState>,
      memory: { watchStart: now, lastOkAt: null, runId: null, frag: [] },
    }),

    observe(state, snapshot, now) {
      const { memory, restarted } = remember(state.memory, snapshot, rules, now);
      return apply(
        state,
        memory,
        {
          'rss-ratio-high': rssRatioHigh(snapshot, rules),
          'ratio-climbing': ratioClimbing(snapshot, memory, restarted, rules, now),
          'defrag-unsupported': defragUnsupported(snapshot),
          'effort-at-max': effortAtMax(snapshot),
          'target-down': targetDownOnSample(snapshot, state.memory, now),
          'defrag-latency': defragLatency(snapshot, rules),
        },
        now,
      );
    },

    tick(state, now) {
      const verdicts = Object.fromEntries(ALERT_RULE_IDS.map((id) => [id, UNKNOWN])) as Verdicts;
      verdicts['target-down'] = targetDownOnTick(state.memory, rules, now);
      return apply(state, state.memory, verdicts, now);
    },

    resume(state, now) {
      const next = { ...state.rules };
      const transitions: AlertTransition[] = [];
      for (const rule of ALERT_RULE_IDS) {
        const current = state.rules[rule];
        if (!rules[rule].enabled && current.phase === 'firing') {
          transitions.push(resolved(state.targetId, rule, current, now, 'the rule was disabled'));
        }
        if (!rules[rule].enabled) next[rule] = INACTIVE;
      }
      // An open target-down stays open until a good sample; a pending one starts counting afresh.
      if (next['target-down'].phase === 'pending') next['target-down'] = INACTIVE;
      return { state: { ...state, rules: next, memory: { ...state.memory, watchStart: now, lastOkAt: null } }, transitions };
    },

    retire(state, now) {
      return ALERT_RULE_IDS.filter((rule) => state.rules[rule].phase === 'firing').map((rule) =>
        resolved(state.targetId, rule, state.rules[rule], now, 'the target is no longer monitored'),
      );
    },
  };
}

/** The firing rules of a target, for the API. */
export function activeAlerts(state: TargetAlertState): ActiveAlert[] {
  return ALERT_RULE_IDS.flatMap((rule) => {
    const r = state.rules[rule];
    if (r.phase !== 'firing' || r.since === null || r.firedAt === null) return [];
    const { title, severity } = RULE_INFO[rule];
    return [{ targetId: state.targetId, rule, severity, title, since: r.since, firedAt: r.firedAt, value: r.value, message: r.message ?? title }];
  });
}

function step(
  targetId: string,
  rule: AlertRuleId,
  current: RuleState,
  verdict: Verdict,
  holdFor: number,
  now: number,
): { next: RuleState; transition: AlertTransition | null } {
  if (verdict.holds === null) return { next: current, transition: null };
  if (!verdict.holds) {
    if (current.phase !== 'firing') return { next: INACTIVE, transition: null };
    return { next: INACTIVE, transition: resolved(targetId, rule, current, now, verdict.message, verdict.value) };
  }
  const { value, message } = verdict;
  if (current.phase === 'firing') return { next: { ...current, value, message }, transition: null };
  const since = current.phase === 'pending' && current.since !== null ? current.since : (verdict.since ?? now);
  if (now - since < holdFor) return { next: { phase: 'pending', since, firedAt: null, value, message }, transition: null };
  return {
    next: { phase: 'firing', since, firedAt: now, value, message },
    transition: { status: 'fired', targetId, rule, severity: RULE_INFO[rule].severity, since, at: now, value, message },
  };
}

function resolved(targetId: string, rule: AlertRuleId, current: RuleState, now: number, message: string, value = current.value): AlertTransition {
  return { status: 'resolved', targetId, rule, severity: RULE_INFO[rule].severity, since: current.since ?? now, at: now, value, message };
}

/** What a sample teaches the rules that look back: the last good moment, the restart marker, the climb. */
function remember(memory: RuleMemory, s: Snapshot, rules: AlertRules, now: number): { memory: RuleMemory; restarted: boolean } {
  if (!s.ok) return { memory, restarted: false };
  const runId = s.server.runId;
  const restarted = memory.runId !== null && runId !== null && runId !== memory.runId;
  let frag = restarted ? [] : memory.frag;
  const value = s.info.allocator_frag_ratio;
  if (s.config.activedefrag === false) frag = [];
  else if (s.config.activedefrag === true && value !== null) frag = pushFrag(frag, now, value, rules['ratio-climbing'].forMinutes * 60_000);
  return { memory: { ...memory, lastOkAt: now, runId: runId ?? memory.runId, frag }, restarted };
}
