'use client';

import { useEffect, useState } from 'react';
import type { ApiFailure, ApiResult } from '@/lib/client/admin-api';
import { useAdmin } from './admin-store-provider';

/**
 * One admin resource of a target, fetched on mount, after every write or sign-in/out (the store's
 * revision) and, if given, every `refreshMs`. The last good value survives a failed refetch.
 * `fetcher` must be stable (a module-level function of lib/client/admin-api).
 */
export function useAdminResource<T>(
  fetcher: (targetId: string) => Promise<ApiResult<T>>,
  targetId: string,
  refreshMs: number | null = null,
): { data: T | null; failure: ApiFailure | null } {
  const revision = useAdmin((s) => s.revision);
  const [data, setData] = useState<T | null>(null);
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      const result = await fetcher(targetId);
      if (cancelled) return;
      if (result.ok) {
        setData(result.data);
        setFailure(null);
      } else setFailure({ status: result.status, error: result.error });
    };
    void load();
    const timer = refreshMs ? setInterval(() => void load(), refreshMs) : undefined;
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [fetcher, targetId, revision, refreshMs]);
  return { data, failure };
}
