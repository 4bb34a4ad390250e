'use client';

import { alertsUrl } from '@/lib/client/alerts-requests';
import { alertsListLazy } from '@/lib/client/lazy-schemas';
import { useResource } from '@/lib/client/use-resource';
import { AlertList } from './alert-list';

const REFRESH_MS = 5000;

/**
 * The firing alerts from `GET /api/alerts`, refreshed every 5 s. Alerts are evaluated on the
 * server whether or not anyone watches; this only shows them. The last good answer survives a
 * failed refresh (the failure is shown beside it).
 */
export function ActiveAlerts({ targetId, refreshMs = REFRESH_MS }: { targetId?: string; refreshMs?: number }) {
  const { data, error } = useResource(alertsUrl(targetId), alertsListLazy, { pollMs: refreshMs });
  return <AlertList alerts={data?.active ?? null} now={data?.now ?? 0} showTarget={targetId === undefined} problem={error?.message ?? null} />;
}
