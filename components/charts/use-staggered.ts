'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but a live update reaches the screen `delayMs` later, in its own task. Six charts that
 * redraw on the same 1 Hz sample would otherwise commit their SVG together, one long task (~150 ms
 * on 2 cores); staggered, each chart's redraw is its own short task, and the page stays responsive
 * between them. Only live appends are staggered (`isLiveUpdate`): a new range is drawn at once.
 *
 * A throttle, not a debounce: the first pending update starts the timer, later ones only replace
 * what it will show. Restarting the timer on each update starved a chart whose delay was as long
 * as the poll interval (250 ms polls in the e2e runs, or samples bunched on a busy machine): it
 * never redrew at all.
 */
export function useStaggered<T>(value: T, delayMs: number, isLiveUpdate: (previous: T, next: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stagger = delayMs > 0 && shown !== value && isLiveUpdate(shown, value);
  useEffect(() => {
    latest.current = value;
  });
  useEffect(() => {
    if (!stagger || timer.current !== null) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      setShown(latest.current);
    }, delayMs);
  }, [stagger, value, delayMs]);
  // Cleared on unmount only: an update arriving meanwhile must not push the redraw further away.
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
  // Not a live update: show it now (in this render, so a new range costs no extra frame).
  if (!stagger && shown !== value) {
    setShown(value);
    return value;
  }
  return shown;
}
