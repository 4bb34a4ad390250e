export { DecisionNode, type DecisionNodeProps } from './decision-node';
export { DecisionPanel, DecisionWarnings, DisagreementNote, type DecisionPanelProps } from './decision-panel';
export { DecisionTree, type DecisionTreeProps } from './decision-tree';
export { DiagnosisList } from './diagnosis-list';
export { RuleOfThumbTree, type RuleOfThumbTreeProps } from './rule-of-thumb-tree';
export { WhatIfPanel, type WhatIfPanelProps } from './what-if-panel';
export { ReplayPanel } from './replay-panel';
