'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server's HTML and during hydration, true once React runs the page. Controls in
 * server-rendered HTML look usable before their handlers exist: a choice made then is lost when
 * React hydrates with its own state (a what-if "yes" silently went back to "current" on a loaded
 * machine). Forms disable themselves until this is true.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
