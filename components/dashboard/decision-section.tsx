'use client';

import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import { overridesToEdits } from '@/components/config/draft';
import { DecisionPanel, DiagnosisList, ReplayPanel, WhatIfPanel } from '@/components/decision';
import { useAdmin } from '@/components/session/admin-store-provider';
import { decide, diagnose, type ConfigOverrides } from '@/lib/decision';
import { targetViewHref } from '@/lib/targets/views';
import { useDashboard } from './dashboard-store-provider';

/**
 * "Will active defrag run?": the server's own rule on the newest good sample, recomputed in the
 * browser for what-if values (the model is pure, so no request and no Redis call per keystroke).
 * Carrying values to the editor opens the config view; the admin store keeps them across the switch.
 */
export function DecisionSection({ targetId }: { targetId: string }) {
  const router = useRouter();
  const snapshot = useDashboard((s) => s.lastOk);
  const [overrides, setOverrides] = useState<ConfigOverrides>({});
  const carry = useAdmin((s) => s.carry);
  // Like the gauge: through an outage the tree shows the last good sample, dimmed and dated.
  const stale = useDashboard((s) => s.latest !== null && !s.latest.ok);
  const decision = useMemo(() => (snapshot ? decide(snapshot, overrides) : null), [snapshot, overrides]);
  const diagnoses = useMemo(() => (snapshot && decision ? diagnose(snapshot, decision) : []), [snapshot, decision]);
  if (!snapshot || !decision) return null;
  return (
    <section className="grid gap-4 rounded-lg border border-zinc-200 p-4 dark:border-zinc-800" data-testid="decision-section">
      {decision.whatIf ? (
        <p className="text-sm font-medium text-amber-700 dark:text-amber-400" data-testid="what-if-active">
          Showing what-if values: nothing was sent to the server.
        </p>
      ) : null}
      {stale ? (
        <p className="text-sm font-medium text-zinc-600 dark:text-zinc-300" data-testid="decision-stale">
          Redis is not answering: this is the decision on the last good sample, from {new Date(snapshot.at).toLocaleString()}.
        </p>
      ) : null}
      <div className={stale ? 'opacity-50' : ''} data-testid="decision-tree-wrap" data-stale={stale}>
        <DecisionPanel decision={decision} />
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <WhatIfPanel
          config={snapshot.config}
          onChange={setOverrides}
          onCarryToEditor={(o) => {
            carry(overridesToEdits(o));
            router.push(targetViewHref(targetId, 'config'), { scroll: false });
          }}
        />
        <DiagnosisList items={diagnoses} />
      </div>
      <ReplayPanel targetId={targetId} overrides={overrides} />
    </section>
  );
}
