'use client';

import { useEffect, useState } from 'react';
import type { AlertsList } from '@/lib/alerts/api-schema';
import { AlertList } from './alert-list';
import { fetchAlerts } from './fetch-alerts';

const REFRESH_MS = 5000;

/**
 * The firing alerts from `GET /api/alerts`, refreshed every 5 s. Alerts are evaluated on the
 * server whether or not anyone watches; this only shows them. The last good answer survives a
 * failed refresh (the failure is shown beside it).
 */
export function ActiveAlerts({ targetId, refreshMs = REFRESH_MS }: { targetId?: string; refreshMs?: number }) {
  const [data, setData] = useState<AlertsList | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      const result = await fetchAlerts(targetId, controller.signal);
      if (controller.signal.aborted) return;
      if (result.ok) {
        setData(result.data);
        setProblem(null);
      } else setProblem(result.message);
    };
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [targetId, refreshMs]);
  return <AlertList alerts={data?.active ?? null} now={data?.now ?? 0} showTarget={targetId === undefined} problem={problem} />;
}
