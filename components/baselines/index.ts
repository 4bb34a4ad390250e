export { BaselinesPanel, type BaselinesPanelProps } from './baselines-panel';
export { ComparisonView, type ComparisonViewProps } from './comparison-view';
