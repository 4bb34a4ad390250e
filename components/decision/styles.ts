import type { NodeState } from '@/lib/decision/present';
import type { Verdict } from '@/lib/decision/types';

/** Tailwind classes per state; every use pairs the colour with a symbol or a word. */
export const STATE_CLASSES: Record<NodeState, string> = {
  pass: 'border-emerald-600 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950/40 dark:text-emerald-100',
  fail: 'border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100',
  unknown: 'border-amber-500 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100',
};

export const BADGE_CLASSES: Record<NodeState, string> = {
  pass: 'bg-emerald-600 text-white dark:bg-emerald-500 dark:text-emerald-950',
  fail: 'bg-red-600 text-white dark:bg-red-500 dark:text-red-950',
  unknown: 'bg-amber-500 text-amber-950 dark:bg-amber-400',
};

export const VERDICT_CLASSES: Record<Verdict, string> = {
  running: 'border-sky-600 bg-sky-50 text-sky-950 dark:border-sky-400 dark:bg-sky-950/40 dark:text-sky-100',
  'will-run': 'border-emerald-600 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950/40 dark:text-emerald-100',
  'will-not-run': 'border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100',
  unknown: 'border-amber-500 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100',
};

export const VERDICT_SYMBOL: Record<Verdict, string> = {
  running: '▶',
  'will-run': '✓',
  'will-not-run': '✗',
  unknown: '?',
};

/** Off the live path: dashed and a little faded, still readable (axe's contrast floor). */
export const OFF_PATH = 'opacity-80 border-dashed';
