'use client';

import { useSyncExternalStore } from 'react';
import { viewerTimeZone } from '@/lib/format';

// The browser's zone does not change while the page is open; the server renders nothing for it.
const noSubscription = () => () => {};
const serverZone = () => null;

/** The page's one time-zone convention, stated: every time is in the viewer's zone. */
export function TimeZoneNote() {
  const zone = useSyncExternalStore(noSubscription, viewerTimeZone, serverZone);
  if (zone === null) return null;
  return (
    <span className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="time-zone-note" title="every time on this page is in your browser's time zone">
      times in {zone}
    </span>
  );
}
