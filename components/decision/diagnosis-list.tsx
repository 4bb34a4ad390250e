'use client';

import type { Diagnosis, DiagnosisSeverity } from '@/lib/decision/types';

const SEVERITY: Record<DiagnosisSeverity, { mark: string; word: string; classes: string }> = {
  error: {
    mark: '✗',
    word: 'Problem',
    classes: 'border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100',
  },
  warn: {
    mark: '⚠',
    word: 'Warning',
    classes: 'border-amber-500 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100',
  },
  info: {
    mark: 'ℹ',
    word: 'Note',
    classes: 'border-slate-400 bg-slate-50 text-slate-900 dark:border-slate-500 dark:bg-slate-800/60 dark:text-slate-100',
  },
};

/** Troubleshooting items from `diagnose()`: what the snapshot shows, and what to do about it. */
export function DiagnosisList({ items }: { items: Diagnosis[] }) {
  if (items.length === 0) return null;
  return (
    <ul data-testid="diagnosis-list" className="flex flex-col gap-2">
      {items.map((d) => {
        const s = SEVERITY[d.severity];
        return (
          <li key={d.id} data-testid={`diagnosis-${d.id}`} data-severity={d.severity} className={`rounded-lg border-l-4 p-3 text-sm ${s.classes}`}>
            <p className="font-semibold">
              <span aria-hidden="true">{s.mark} </span>
              <span className="mr-1 text-xs font-bold uppercase">{s.word}:</span>
              {d.title}
            </p>
            <p className="mt-1">{d.detail}</p>
            {d.advice && <p className="mt-1 font-medium">→ {d.advice}</p>}
            {d.reference && (
              <p className="mt-1 text-xs">
                Reference:{' '}
                <a href={d.reference.url} target="_blank" rel="noreferrer" className="underline" data-testid={`diagnosis-${d.id}-reference`}>
                  {d.reference.label}
                </a>
              </p>
            )}
          </li>
        );
      })}
    </ul>
  );
}
