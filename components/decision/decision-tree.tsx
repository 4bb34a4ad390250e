'use client';

import { cpuText, livePathEnd, VERDICT_LABEL } from '@/lib/decision/present';
import type { Condition, Decision } from '@/lib/decision/types';
import { DecisionNode } from './decision-node';
import { VERDICT_CLASSES, VERDICT_SYMBOL } from './styles';

export interface DecisionTreeProps {
  decision: Decision;
  className?: string;
}

/** The server's start test as a top-to-bottom diagram: five yes/no nodes, then the verdict. */
export function DecisionTree({ decision, className = '' }: DecisionTreeProps) {
  const end = livePathEnd(decision);
  const running = decision.verdict === 'running';
  const verdictOnPath = end === decision.conditions.length;
  return (
    <figure data-testid="decision-tree" data-verdict={decision.verdict} className={`flex flex-col ${className}`}>
      <figcaption className="mb-2 text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
        Will active defrag run?{decision.whatIf && <span className="ml-2 rounded bg-violet-600 px-1.5 py-0.5 text-xs text-white">what-if</span>}
      </figcaption>
      <ol className="flex flex-col">
        {decision.conditions.map((c, i) => (
          <li key={c.id} className="flex flex-col">
            <DecisionNode condition={c} onPath={i <= end} blocking={c.id === decision.blockingId} running={running} />
            <Connector live={i < end} label={connectorLabel(c, i < end, c.id === decision.blockingId)} />
          </li>
        ))}
      </ol>
      <VerdictNode decision={decision} onPath={verdictOnPath || decision.verdict === 'will-not-run'} />
    </figure>
  );
}

function connectorLabel(c: Condition, live: boolean, blocking: boolean): string {
  if (blocking) return 'no: stops here';
  if (!live) return '';
  if (c.pass === true) return 'yes';
  if (c.pass === null) return 'cannot tell: assumed yes';
  return c.id === 'no-fork-child' ? 'paused until the child exits' : 'running: not re-checked';
}

function Connector({ live, label }: { live: boolean; label: string }) {
  return (
    <div className="flex h-5 items-stretch pl-4" aria-hidden="true">
      <div className={`w-0 border-l-2 ${live ? 'border-slate-700 dark:border-slate-200' : 'border-dashed border-slate-300 dark:border-slate-600'}`} />
      {label && <span className="ml-2 self-center text-xs text-slate-600 dark:text-slate-300">↓ {label}</span>}
    </div>
  );
}

function VerdictNode({ decision, onPath }: { decision: Decision; onPath: boolean }) {
  const { verdict } = decision;
  return (
    <div
      data-testid="decision-verdict"
      data-verdict={verdict}
      className={`rounded-lg border-2 px-3 py-2 ${VERDICT_CLASSES[verdict]} ${onPath ? 'shadow-md' : 'opacity-80'}`}
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span aria-hidden="true" className="text-lg font-bold">
          {VERDICT_SYMBOL[verdict]}
        </span>
        <span className="text-lg font-bold uppercase">{VERDICT_LABEL[verdict]}</span>
        <span data-testid="decision-cpu" data-cpu={decision.cpuPercent ?? ''} className="font-mono tabular-nums">
          {cpuText(decision)}
        </span>
      </div>
      <p className="mt-1 text-sm">{decision.reason}</p>
      {decision.cpuIsUpperBound && decision.cpuPercent !== null && (
        <p className="mt-1 text-xs opacity-80">
          Upper bound: Redis 8 scales the effort down by a hidden decay factor after ineffective passes (assumed too when the version is unknown), so the real
          figure can be lower.
        </p>
      )}
    </div>
  );
}
