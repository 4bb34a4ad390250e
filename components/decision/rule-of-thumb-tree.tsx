'use client';

import { RSS_BRANCHES } from '@/lib/decision/present';
import type { RuleOfThumb } from '@/lib/decision/types';
import { formatRatio } from '@/lib/decision/units';

export interface RuleOfThumbTreeProps {
  ruleOfThumb: RuleOfThumb;
  className?: string;
}

const LEAF_CLASSES: Record<string, string> = {
  'too-small': 'border-slate-500 bg-slate-100 dark:border-slate-400 dark:bg-slate-800',
  'below-one': 'border-violet-600 bg-violet-50 dark:border-violet-400 dark:bg-violet-950/40',
  healthy: 'border-emerald-600 bg-emerald-50 dark:border-emerald-500 dark:bg-emerald-950/40',
  moderate: 'border-amber-500 bg-amber-50 dark:border-amber-400 dark:bg-amber-950/40',
  high: 'border-red-600 bg-red-50 dark:border-red-500 dark:bg-red-950/40',
};

/** The operators' first look: the RSS ratio (mem_fragmentation_ratio) against the seed guide's bands. */
export function RuleOfThumbTree({ ruleOfThumb, className = '' }: RuleOfThumbTreeProps) {
  const { health, ratio, label, recommendation } = ruleOfThumb;
  return (
    <section
      data-testid="rule-of-thumb"
      data-health={health}
      className={`rounded-lg border border-slate-300 p-3 text-slate-900 dark:border-slate-600 dark:text-slate-100 ${className}`}
    >
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">Rule of thumb (RSS ratio)</h3>
      <p className="mt-1">
        <span className="font-mono text-2xl tabular-nums" title="mem_fragmentation_ratio = used_memory_rss / used_memory">
          {formatRatio(ratio)}
        </span>
        <span className="ml-2 font-bold uppercase">{label}</span>
      </p>
      <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">Not what active defrag reads: it uses allocator fragmentation.</p>
      <ol className="mt-2 flex flex-col border-l-2 border-slate-300 pl-3 dark:border-slate-600">
        {RSS_BRANCHES.map((b) => {
          const here = b.health === health;
          return (
            <li
              key={b.health}
              data-branch={b.health}
              data-active={here ? 'true' : 'false'}
              className={`relative my-0.5 rounded border px-2 py-1 text-sm before:absolute before:top-1/2 before:-left-3 before:w-3 before:border-t-2 before:border-slate-300 dark:before:border-slate-600 ${
                here ? `border-2 font-semibold ${LEAF_CLASSES[b.health]}` : 'border-transparent opacity-60'
              }`}
            >
              <span className="font-mono">{b.test}</span>
              <span className="ml-2">→ {b.health}</span>
              {here && <span className="ml-2 text-xs font-bold uppercase">◀ here</span>}
            </li>
          );
        })}
      </ol>
      {health === 'unknown' && <p className="mt-2 text-sm font-semibold">? Unknown</p>}
      <p className="mt-2 text-sm">{recommendation}</p>
    </section>
  );
}
