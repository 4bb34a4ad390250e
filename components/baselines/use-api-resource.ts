'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { BaselinesFailure, BaselinesResult } from '@/lib/client/baselines-api';

export interface ApiResource<T> {
  /** The last good answer for this `key`; null before the first, or after the key changed. */
  data: T | null;
  /** The last failure; cleared by the next good answer. */
  failure: BaselinesFailure | null;
  /** An answer (good or not) arrived for this key. */
  settled: boolean;
  /** Fetch again now (after an action). */
  reload: () => void;
}

export interface ApiResourceOptions {
  /** Refetch on this period; null: only on key changes and reload(). */
  refreshMs?: number | null;
  /** Refetch (keeping the data) whenever this changes. */
  refreshKey?: number;
}

/**
 * One GET of lib/client/baselines-api, fetched when `key` changes, on `reload()`, on `refreshKey`
 * changes and every `refreshMs`. Data is kept per key, so a page never shows one comparison's
 * answer under another's URL; a failed refetch keeps the last good data next to the failure.
 * `key` null: nothing to fetch.
 */
export function useApiResource<T>(load: () => Promise<BaselinesResult<T>>, key: string | null, options: ApiResourceOptions = {}): ApiResource<T> {
  const { refreshMs = null, refreshKey = 0 } = options;
  const loadRef = useRef(load);
  // Declared before the fetching effect, so it runs first: a fetch always uses this render's loader.
  useEffect(() => {
    loadRef.current = load;
  });
  const [state, setState] = useState<{ key: string; data: T | null; failure: BaselinesFailure | null } | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (key === null) return;
    let cancelled = false;
    const run = async () => {
      const result = await loadRef.current();
      if (cancelled) return;
      setState((previous) => {
        const kept = previous?.key === key ? previous.data : null;
        return result.ok ? { key, data: result.data, failure: null } : { key, data: kept, failure: result };
      });
    };
    void run();
    const timer = refreshMs ? setInterval(() => void run(), refreshMs) : undefined;
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key, refreshMs, refreshKey, tick]);

  const current = state !== null && state.key === key ? state : null;
  return { data: current?.data ?? null, failure: current?.failure ?? null, settled: current !== null, reload };
}
