'use client';

import { useCallback } from 'react';
import { getBaselines, getComparison, type BaselineList, type BaselinesFailure, type ComparisonData } from '@/lib/client/baselines-api';
import { useApiResource } from './use-api-resource';

export const BASELINES_REFRESH_MS = 10_000;

export interface BaselinesState {
  list: BaselineList | null;
  failure: BaselinesFailure | null;
  /** The newest baseline compared with now, for the one-line summary; null while unknown. */
  newestVsNow: ComparisonData | null;
  reload: () => void;
}

/**
 * The target's baselines, every ~10 s, after `reload()` and whenever `refreshKey` changes (the
 * dashboard passes its session revision, so signing in shows the capture form at once). Only the
 * newest baseline is compared with now: one request per refresh, however long the list.
 */
export function useBaselines(targetId: string, refreshKey = 0): BaselinesState {
  const listResource = useApiResource(() => getBaselines(targetId), targetId, { refreshMs: BASELINES_REFRESH_MS, refreshKey });
  const newest = listResource.data?.baselines[0] ?? null;
  const compareResource = useApiResource(
    () => getComparison(targetId, newest?.id ?? '', 'now'),
    newest ? `${targetId}/${newest.id}` : null,
    { refreshMs: BASELINES_REFRESH_MS },
  );
  const { reload: reloadList } = listResource;
  const { reload: reloadCompare } = compareResource;
  const reload = useCallback(() => {
    reloadList();
    reloadCompare();
  }, [reloadList, reloadCompare]);
  return { list: listResource.data, failure: listResource.failure, newestVsNow: compareResource.data, reload };
}
