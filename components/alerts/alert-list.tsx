import Link from 'next/link';
import type { ActiveAlert } from '@/lib/alerts/state';
import type { Severity } from '@/lib/alerts/rules';
import { formatDuration } from '@/lib/format';

/** Colour always comes with a word, so the state reads without colour too. */
const SEVERITY: Record<Severity, { word: string; classes: string }> = {
  critical: { word: 'CRITICAL', classes: 'border-red-600 bg-red-50 text-red-950 dark:border-red-500 dark:bg-red-950/40 dark:text-red-100' },
  warning: { word: 'WARNING', classes: 'border-amber-500 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100' },
};

export interface AlertListProps {
  alerts: ActiveAlert[] | null;
  /** The server's clock at the time of the answer: durations do not depend on the browser's. */
  now: number;
  /** Show the target in each line (several targets watched). */
  showTarget: boolean;
  problem: string | null;
}

/** Active alerts as a compact list for the header; props only, so it renders on the server in tests. */
export function AlertList({ alerts, now, showTarget, problem }: AlertListProps) {
  return (
    <div className="grid gap-1 text-sm" data-testid="active-alerts" data-count={alerts?.length ?? ''}>
      {problem ? (
        <p className="text-xs text-amber-800 dark:text-amber-300" data-testid="alerts-problem">
          ⚠ Alerts unavailable: {problem}
        </p>
      ) : null}
      {alerts && alerts.length === 0 && !problem ? (
        <p className="text-xs text-zinc-500 dark:text-zinc-400" data-testid="alerts-none">
          ✓ no active alerts ·{' '}
          <Link href="/alerts" className="underline underline-offset-2" data-testid="alerts-history-link">
            history
          </Link>
        </p>
      ) : null}
      {alerts && alerts.length > 0 ? (
        <ul className="grid gap-1">
          {alerts.map((alert) => {
            const style = SEVERITY[alert.severity];
            return (
              <li
                key={`${alert.targetId}:${alert.rule}`}
                className={`flex flex-wrap items-baseline gap-x-2 rounded border px-2 py-1 ${style.classes}`}
                data-testid={`alert-${alert.rule}`}
                data-target={alert.targetId}
                data-severity={alert.severity}
              >
                <span className="text-xs font-bold">{style.word}</span>
                <span className="font-semibold">{alert.title}</span>
                {showTarget ? <span className="text-xs">on {alert.targetId}</span> : null}
                <span className="text-xs" title={new Date(alert.since).toISOString()}>
                  for {formatDuration(now - alert.since)}
                </span>
                <span className="basis-full text-xs opacity-90">{alert.message}</span>
              </li>
            );
          })}
          <li className="text-xs">
            <Link href="/alerts" className="underline underline-offset-2" data-testid="alerts-history-link">
              alert history
            </Link>
          </li>
        </ul>
      ) : null}
    </div>
  );
}
