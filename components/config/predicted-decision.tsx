'use client';

import { useMemo } from 'react';
import { DecisionPanel } from '@/components/decision';
import { toOverrides, type CurrentConfig } from '@/lib/config-params';
import { decide } from '@/lib/decision';
import type { Snapshot } from '@/lib/snapshot';

/** The decision tree on the newest sample with the draft's values: what the server would do after the apply. */
export function PredictedDecision({ snapshot, effective }: { snapshot: Snapshot | null; effective: CurrentConfig }) {
  const decision = useMemo(() => (snapshot ? decide(snapshot, toOverrides(effective)) : null), [snapshot, effective]);
  return (
    <div className="grid gap-2" data-testid="config-predicted">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Predicted with the new values</h3>
      {decision ? (
        <DecisionPanel decision={decision} />
      ) : (
        <p className="text-sm text-zinc-500">No live sample yet: the prediction appears with the first one.</p>
      )}
    </div>
  );
}
