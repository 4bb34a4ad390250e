'use client';

import { useMemo } from 'react';

/**
 * `value`, but the one from an earlier render while `key` (a summary of its content) is unchanged.
 * The runs and annotations are fetched afresh every few seconds and rebuilt as new arrays holding
 * the same moments; handed to the memoised charts as they are, each refetch would redraw all of
 * them in one task.
 */
export function useSameContent<T>(value: T, key: string): T {
  // Only the key decides: that is the point of this hook.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => value, [key]);
}
