export {
  DEFRAG_PARAMS,
  DEFRAG_PARAM_NAMES,
  availableParams,
  findParam,
  isDefragParam,
  paramSpec,
  unavailableReason,
  type DefragParam,
  type ParamKind,
  type ParamRequirement,
  type ParamSpec,
} from './catalogue';
export { crossFieldErrors, pairProblems, type PairProblem } from './cross-rules';
export { configDiff, toCurrentConfig, toOverrides, valueText, type ConfigDiffRow } from './diff';
export { effortRaises } from './effort';
export { parseParamValue, type ParsedValue, type RawValue } from './parse-value';
export { CONFIG_PRESETS, PRESET_IDS, findPreset, presetChanges, type ConfigPreset, type PresetId } from './presets';
export { MAX_CHANGES, configChangesSchema, rawValueSchema } from './schema';
export { validateChanges, type ValidationResult } from './validate';
export { boolOf, canonical, integerOf, sameValue, type CurrentConfig } from './values';
