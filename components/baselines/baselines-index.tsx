'use client';

import { useAdmin } from '@/components/session/admin-store-provider';
import { BaselinesPanel } from './baselines-panel';

/** The panel on /compare, refetched as soon as the header's sign-in changes who is signed in. */
export function BaselinesIndex({ targetId }: { targetId: string }) {
  const revision = useAdmin((s) => s.revision);
  return <BaselinesPanel targetId={targetId} refreshKey={revision} />;
}
