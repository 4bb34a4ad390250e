'use client';

import { useEffect, useRef, useState } from 'react';

/**
 * `value`, but a live update reaches the screen `delayMs` later, in its own task. Six charts that
 * redraw on the same 1 Hz sample would otherwise commit their SVG together, one long task (~150 ms
 * on 2 cores); staggered, each chart's redraw is its own short task, and the page stays responsive
 * between them. Only live appends are staggered (`isLiveUpdate`): a new range is drawn at once.
 */
export function useStaggered<T>(value: T, delayMs: number, isLiveUpdate: (previous: T, next: T) => boolean): T {
  const [shown, setShown] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const stagger = delayMs > 0 && shown !== value && isLiveUpdate(shown, value);
  useEffect(() => {
    if (!stagger) return;
    timer.current = setTimeout(() => setShown(value), delayMs);
    return () => {
      if (timer.current !== null) clearTimeout(timer.current);
    };
  }, [stagger, value, delayMs]);
  // Not a live update: show it now (in this render, so a new range costs no extra frame).
  if (!stagger && shown !== value) {
    setShown(value);
    return value;
  }
  return shown;
}
