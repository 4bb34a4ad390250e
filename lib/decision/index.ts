export { decide, predictEffort, applyOverrides, blockedBy } from './decide';
export { diagnose } from './diagnose';
export { defragCpuPercent, fragPctFromRatio, limit, nextRunningEffort, type EffortConfig } from './effort';
export { classifyRssRatio, explainDisagreement, ruleOfThumb, TOO_SMALL_BYTES } from './rule-of-thumb';
export { formatBytes, formatPercent, formatRatio, parseIntegerInRange, parseMemorySize, type ParseResult } from './units';
export { compareVersions, engineTraits, parseVersion, versionAtLeast, type EngineTraits, type Version } from './version';
export {
  WHAT_IF_FIELDS,
  activedefragOverride,
  bytesToInput,
  inputsFromConfig,
  parseWhatIf,
  type WhatIfField,
  type WhatIfInputs,
  type WhatIfResult,
  type WhatIfActivedefrag,
} from './what-if';
export * from './types';
export { RSS_BRANCHES, STATE_MARK, VERDICT_LABEL, cpuText, formatConditionValue, livePathEnd, nodeState, type NodeState } from './present';
