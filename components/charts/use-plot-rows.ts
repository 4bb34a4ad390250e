'use client';

import { useLayoutEffect, useRef, useState } from 'react';

/** What a chart's figure spends beside its plot: padding and border (time-series-chart.tsx p-3), the Y axis (72) and the right margin (12). */
const FIGURE_CHROME_PX = 2 * 12 + 2 + 72 + 12;

/**
 * The plot width, in pixels, of one chart in a grid of charts: how many rows a chart can show
 * (about one per pixel). Null until measured; measured before the first paint, and again when the grid resizes.
 */
export function usePlotRows<T extends HTMLElement>(): [React.RefObject<T | null>, number | null] {
  const ref = useRef<T | null>(null);
  const [rows, setRows] = useState<number | null>(null);
  useLayoutEffect(() => {
    const grid = ref.current;
    if (!grid) return;
    const measure = () => {
      const style = getComputedStyle(grid);
      const columns = Math.max(1, style.gridTemplateColumns.split(' ').filter(Boolean).length);
      const gap = Number.parseFloat(style.columnGap) || 0;
      const column = (grid.clientWidth - gap * (columns - 1)) / columns;
      setRows(Math.max(1, Math.round(column - FIGURE_CHROME_PX)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(grid);
    return () => observer.disconnect();
  }, []);
  return [ref, rows];
}
