import type { VerdictData } from '@/lib/baselines/api-schema';

type Tone = 'good' | 'bad' | 'doubt';

const TONE: Record<VerdictData['status'], Tone> = {
  success: 'good',
  worse: 'bad',
  'no-improvement': 'doubt',
  confounded: 'doubt',
  restarted: 'doubt',
  'insufficient-data': 'doubt',
  'different-target': 'bad',
  reversed: 'bad',
};

/** Box classes per verdict; always drawn with STATUS_SYMBOL and STATUS_TEXT beside them. */
const BOX: Record<Tone, string> = {
  good: 'border-emerald-600 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950/40 dark:text-emerald-100',
  bad: 'border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100',
  doubt: 'border-amber-500 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100',
};

const BADGE: Record<Tone, string> = {
  good: 'bg-emerald-600 text-white dark:bg-emerald-500 dark:text-emerald-950',
  bad: 'bg-red-600 text-white dark:bg-red-500 dark:text-red-950',
  doubt: 'bg-amber-500 text-amber-950 dark:bg-amber-400',
};

export const verdictBoxClass = (status: VerdictData['status']) => BOX[TONE[status]];
export const verdictBadgeClass = (status: VerdictData['status']) => BADGE[TONE[status]];
