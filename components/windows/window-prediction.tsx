'use client';

import { useMemo } from 'react';
import { DecisionPanel } from '@/components/decision';
import { useDashboard } from '@/components/dashboard/dashboard-store-provider';
import { predictWindow } from '@/lib/windows/prediction';

/** The decision tree a window with `presetId` would meet on the current figures, and a warning when nothing would start. */
export function WindowPrediction({ presetId }: { presetId: string }) {
  const snapshot = useDashboard((s) => s.lastOk);
  const prediction = useMemo(() => (snapshot ? predictWindow(snapshot, presetId) : null), [snapshot, presetId]);
  if (!snapshot) return <p className="text-xs text-zinc-500">No live sample yet: the prediction appears with the first one.</p>;
  if (!prediction) return null;
  return (
    <details className="grid gap-2" data-testid="window-prediction" data-verdict={prediction.decision.verdict} open={prediction.warning !== null}>
      <summary className="cursor-pointer text-xs font-semibold uppercase tracking-wide text-zinc-500">
        Predicted for this preset on the current figures (with activedefrag yes)
      </summary>
      {prediction.warning ? (
        <p role="alert" className="text-sm font-semibold text-amber-800 dark:text-amber-300" data-testid="window-prediction-warning">
          ⚠ {prediction.warning}
        </p>
      ) : null}
      <DecisionPanel decision={prediction.decision} />
    </details>
  );
}
