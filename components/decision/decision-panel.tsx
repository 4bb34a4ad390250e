'use client';

import type { Decision } from '@/lib/decision/types';
import { DecisionTree } from './decision-tree';
import { RuleOfThumbTree } from './rule-of-thumb-tree';

export interface DecisionPanelProps {
  decision: Decision;
  className?: string;
}

/** The real start rule beside the RSS rule of thumb, with where they disagree and what to distrust. */
export function DecisionPanel({ decision, className = '' }: DecisionPanelProps) {
  return (
    <div className={`grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] ${className}`}>
      <DecisionTree decision={decision} />
      <aside className="flex flex-col gap-3">
        <RuleOfThumbTree ruleOfThumb={decision.ruleOfThumb} />
        <DisagreementNote text={decision.disagreement} />
        <DecisionWarnings warnings={decision.warnings} />
      </aside>
    </div>
  );
}

export function DisagreementNote({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div
      data-testid="decision-disagreement"
      role="note"
      className="rounded-lg border-l-4 border-violet-600 bg-violet-50 p-3 text-sm text-violet-950 dark:border-violet-400 dark:bg-violet-950/40 dark:text-violet-100"
    >
      <p className="font-semibold">⚖ The two rules disagree</p>
      <p className="mt-1">{text}</p>
    </div>
  );
}

export function DecisionWarnings({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) return null;
  return (
    <div
      data-testid="decision-warnings"
      className="rounded-lg border border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <p className="font-semibold">⚠ Read with care</p>
      <ul className="mt-1 list-disc pl-5">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </div>
  );
}
