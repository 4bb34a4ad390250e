'use client';

import { useEffect, useState } from 'react';
import { fleetResponseSchema, sortByWaste, type FleetResponse } from '@/lib/fleet/api-schema';

/**
 * The fleet table's data: one small JSON every few seconds, answered from the pollers' memory.
 * A failed fetch keeps the last rows (dimmed by the caller via `stale`).
 */
export function useFleet(initial: FleetResponse, pollMs: number): { data: FleetResponse; stale: boolean } {
  const [data, setData] = useState(initial);
  const [stale, setStale] = useState(false);
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const response = await fetch('/api/fleet', { cache: 'no-store' });
        const parsed = fleetResponseSchema.safeParse(await response.json());
        if (cancelled) return;
        if (!response.ok || !parsed.success) throw new Error('bad fleet response');
        setData({ ...parsed.data, rows: sortByWaste(parsed.data.rows) });
        setStale(false);
      } catch {
        if (!cancelled) setStale(true);
      }
    };
    const timer = setInterval(() => void load(), pollMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [pollMs]);
  return { data, stale };
}
