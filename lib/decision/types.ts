import type { Health, SnapshotConfig } from '../snapshot';

/** The five tests Redis/Valkey make before a defrag pass starts, in the order the tree draws them. */
export const CONDITION_IDS = ['enabled', 'supported', 'no-fork-child', 'frag-pct', 'frag-bytes'] as const;
export type ConditionId = (typeof CONDITION_IDS)[number];

export type ConditionValue = number | boolean | string | null;

export interface Condition {
  id: ConditionId;
  /** The question, e.g. "allocator frag % >= threshold-lower". */
  label: string;
  /** `null`: the snapshot cannot tell. */
  pass: boolean | null;
  actual: ConditionValue;
  threshold: ConditionValue;
  /** One plain line with the figures. */
  explanation: string;
}

export type Verdict = 'running' | 'will-run' | 'will-not-run' | 'unknown';

export interface RuleOfThumb {
  health: Health;
  /** `mem_fragmentation_ratio`, the figure the rule of thumb reads. */
  ratio: number | null;
  label: string;
  recommendation: string;
}

/** What-if values: any subset of the config, replacing the snapshot's own values. */
export type ConfigOverrides = Partial<SnapshotConfig>;

export interface Decision {
  conditions: Condition[];
  /** The first failing condition (the one the tree marks as blocking); null while running or when none fails. */
  blockingId: ConditionId | null;
  verdict: Verdict;
  willRun: boolean | null;
  /**
   * Effort from the server's own formula (CPU %): the starting effort for 'will-run'/'unknown', the
   * effort the next check would settle on for 'running'; null for 'will-not-run' or when undefined.
   */
  cpuPercent: number | null;
  /** `active_defrag_running` as reported: the server's current target CPU % (0 = idle). */
  currentCpuPercent: number | null;
  /** Redis >= 8.0 scales the effort by a hidden decay factor: the prediction is a ceiling. */
  cpuIsUpperBound: boolean;
  /**
   * The fragmentation percent compared with threshold-lower, recomputed from INFO's byte figures
   * the way this version's `getAllocatorFragmentation` does, in C float arithmetic (frag-input.ts).
   */
  fragPct: number | null;
  /** False when an input of the server's formula is hidden (no INFO debug on Redis >= 7.4, unknown version): then fragPct and the effort may be one point off. */
  fragPctExact: boolean;
  /** Why fragPct is not exact; null when it is. */
  fragPctNote: string | null;
  fragBytes: number | null;
  /** The config the decision used (snapshot config with the overrides applied). */
  config: SnapshotConfig;
  /** True when overrides changed at least one value. */
  whatIf: boolean;
  reason: string;
  warnings: string[];
  ruleOfThumb: RuleOfThumb;
  disagreement: string | null;
}

export type DiagnosisSeverity = 'info' | 'warn' | 'error';

export interface Diagnosis {
  id: string;
  severity: DiagnosisSeverity;
  title: string;
  detail: string;
  advice: string;
  /** Where it is documented (known defects: the issue or release notes). */
  reference?: { label: string; url: string };
}
