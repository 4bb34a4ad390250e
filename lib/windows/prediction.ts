import { findPreset, toOverrides } from '../config-params';
import { decide, type Decision } from '../decision';
import { blockedText } from '../fleet/blocked-text';
import type { Snapshot } from '../snapshot';

/**
 * What a maintenance window with `presetId` would do on the current figures: the scheduler applies
 * the preset with `activedefrag yes`, so that is the what-if. A window whose preset would not start
 * defrag (e.g. "Large keys", ignore-bytes 200mb, on 117 MiB of fragmentation) runs for nothing.
 */
export interface WindowPrediction {
  decision: Decision;
  /** Set when nothing would start: why, said as the failed condition. */
  warning: string | null;
}

export function predictWindow(snapshot: Snapshot, presetId: string): WindowPrediction | null {
  const preset = findPreset(presetId);
  if (!preset) return null;
  const decision = decide(snapshot, toOverrides({ ...preset.values, activedefrag: 'yes' }));
  const blocking = decision.conditions.find((c) => c.id === decision.blockingId);
  const warning =
    decision.verdict === 'will-not-run'
      ? `On the current figures defrag would not start in this window: ${blocking ? blockedText(blocking) : 'a start condition fails'}.`
      : null;
  return { decision, warning };
}
