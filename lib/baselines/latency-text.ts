import { runLatencyText } from '../history/run-text';
import type { LatencyCost } from '../latency/api-schema';

/**
 * The comparison's latency line: the cost of the defrag run between the two moments, or why there
 * is none to state (no run in the span, the server cannot measure it).
 */
export function comparisonLatencyText(cost: LatencyCost | null): string {
  if (cost === null) return 'no defrag run started between the two moments, so there is no latency cost to state';
  const text = runLatencyText(cost);
  if (text !== null) return text;
  return `not measured: ${cost.reason ?? cost.status}`;
}
