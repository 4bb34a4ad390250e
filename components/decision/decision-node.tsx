'use client';

import { formatConditionValue, nodeState, STATE_MARK } from '@/lib/decision/present';
import type { Condition } from '@/lib/decision/types';
import { BADGE_CLASSES, OFF_PATH, STATE_CLASSES } from './styles';

export interface DecisionNodeProps {
  condition: Condition;
  /** On the live path from the top to the verdict (or to the blocking node). */
  onPath: boolean;
  /** The first failing condition: the one that stops defrag. */
  blocking: boolean;
  /** A pass is running, so the thresholds below are not re-checked. */
  running: boolean;
}

const QUESTION: Record<Condition['id'], string> = {
  enabled: 'activedefrag enabled?',
  supported: 'Build supports defrag?',
  'no-fork-child': 'No fork child?',
  'frag-pct': 'Allocator frag % ≥ threshold-lower?',
  'frag-bytes': 'Frag bytes ≥ ignore-bytes?',
};

export function DecisionNode({ condition, onPath, blocking, running }: DecisionNodeProps) {
  const state = nodeState(condition.pass);
  const mark = STATE_MARK[state];
  const notRechecked = running && (condition.id === 'frag-pct' || condition.id === 'frag-bytes');
  // One line per condition (the figure against its threshold); the explanation is one click away.
  return (
    <div
      data-testid={`decision-node-${condition.id}`}
      data-state={state}
      data-blocking={blocking ? 'true' : undefined}
      data-on-path={onPath ? 'true' : 'false'}
      title={condition.label}
      className={`rounded-md border-2 px-2 py-1 shadow-sm ${STATE_CLASSES[state]} ${onPath ? '' : OFF_PATH} ${
        blocking ? 'ring-4 ring-red-600/40 dark:ring-red-400/40' : ''
      }`}
    >
      <div className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <span aria-hidden="true" className={`inline-flex h-5 w-5 items-center justify-center rounded-full text-xs font-bold ${BADGE_CLASSES[state]}`}>
          {mark.symbol}
        </span>
        <span className="font-semibold">{QUESTION[condition.id]}</span>
        <span className="text-xs font-bold uppercase tracking-wide">{mark.word}</span>
        <span className="font-mono text-sm tabular-nums">
          <span data-testid={`decision-actual-${condition.id}`}>{formatConditionValue(condition.id, condition.actual)}</span>
          <span className="mx-1.5">{thresholdJoiner(condition.id)}</span>
          <span data-testid={`decision-threshold-${condition.id}`}>{formatConditionValue(condition.id, condition.threshold)}</span>
        </span>
        {blocking && (
          <span className="ml-auto rounded bg-red-700 px-1.5 py-0.5 text-xs font-bold uppercase text-white dark:bg-red-400 dark:text-red-950">✗ blocking</span>
        )}
        {notRechecked && <span className="ml-auto rounded border border-current px-1.5 py-0.5 text-xs">not re-checked while running</span>}
      </div>
      <details className="text-xs leading-snug" data-testid={`decision-why-${condition.id}`}>
        <summary className="cursor-pointer select-none opacity-90">why</summary>
        <p className="mt-1 opacity-90">{condition.explanation}</p>
      </details>
    </div>
  );
}

function thresholdJoiner(id: Condition['id']): string {
  return id === 'frag-pct' || id === 'frag-bytes' ? 'vs threshold' : '· needs';
}
