'use client';

import { useCallback } from 'react';
import { baselineListResponseSchema, comparisonResponseSchema, type BaselineList, type ComparisonResponse } from '@/lib/baselines/api-schema';
import { baselinesUrl, comparisonUrl } from '@/lib/client/baselines-requests';
import type { ApiFailure } from '@/lib/client/request-json';
import { useResource } from '@/lib/client/use-resource';

export const BASELINES_REFRESH_MS = 10_000;

export interface BaselinesState {
  list: BaselineList | null;
  failure: ApiFailure | null;
  /** The newest baseline compared with now, for the one-line summary; null while unknown. */
  newestVsNow: ComparisonResponse | null;
  reload: () => void;
}

/**
 * The target's baselines, every ~10 s, after `reload()` and whenever `refreshKey` changes (the
 * dashboard passes its session revision, so signing in shows the capture form at once). Only the
 * newest baseline is compared with now: one request per refresh, however long the list.
 */
export function useBaselines(targetId: string, refreshKey = 0): BaselinesState {
  const listResource = useResource(baselinesUrl(targetId), baselineListResponseSchema, { pollMs: BASELINES_REFRESH_MS, refreshKey });
  const newest = listResource.data?.baselines[0] ?? null;
  const compareResource = useResource(newest ? comparisonUrl(targetId, newest.id, 'now') : null, comparisonResponseSchema, { pollMs: BASELINES_REFRESH_MS });
  const { refresh: reloadList } = listResource;
  const { refresh: reloadCompare } = compareResource;
  const reload = useCallback(() => {
    reloadList();
    reloadCompare();
  }, [reloadList, reloadCompare]);
  return { list: listResource.data, failure: listResource.error, newestVsNow: compareResource.data, reload };
}
