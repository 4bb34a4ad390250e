'use client';

import { BaselinesPanel } from '@/components/baselines';
import { useAdmin } from '@/components/session/admin-store-provider';

/** The baselines panel, refreshed whenever the session or a write changes what it may show. */
export function BaselinesSection({ targetId }: { targetId: string }) {
  const revision = useAdmin((s) => s.revision);
  return <BaselinesPanel targetId={targetId} refreshKey={revision} />;
}
