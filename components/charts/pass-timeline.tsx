import { DiagnosisList } from '@/components/decision/diagnosis-list';
import type { Diagnosis } from '@/lib/decision/types';
import type { DefragPassView } from '@/lib/history/api-schema';
import { formatBytes, formatDuration } from '@/lib/format';

/**
 * The passes of the current (or last) run, and what its history says about a run that is not
 * helping. On Redis <= 7.4 / Valkey <= 8.0 `current_active_defrag_time` does not restart between
 * back-to-back passes, so a row can cover several of them: the caption says so instead of
 * inventing boundaries the server does not show.
 */
export function PassTimeline({ passes, diagnoses }: { passes: DefragPassView[]; diagnoses: Diagnosis[] }) {
  if (passes.length === 0 && diagnoses.length === 0) return null;
  const spans = passes.some((p) => p.spansPasses);
  return (
    <div className="grid gap-2 text-sm" data-testid="pass-timeline">
      {passes.length > 0 && (
        <table className="w-full max-w-2xl text-left tabular-nums">
          <caption className="text-left text-xs text-zinc-500">
            {spans
              ? 'Passes from current_active_defrag_time: this version keeps the counter running across back-to-back passes, so one row may cover several.'
              : 'One row per pass: current_active_defrag_time restarts at every pass on this version.'}
          </caption>
          <thead>
            <tr className="text-xs text-zinc-500">
              <th scope="col">pass</th>
              <th scope="col">start</th>
              <th scope="col">duration</th>
              <th scope="col">effort</th>
              <th scope="col">hits</th>
              <th scope="col">fragmentation reclaimed</th>
            </tr>
          </thead>
          <tbody>
            {passes.map((p) => (
              <tr key={p.index} data-testid={`pass-${p.index}`}>
                <td>
                  {p.index}
                  {p.ongoing ? ' (running)' : ''}
                </td>
                <td>{new Date(p.startAt).toLocaleTimeString()}</td>
                <td>{formatDuration(p.durationMs)}</td>
                <td>{p.effort === p.peakEffort ? `${p.effort}%` : `${p.effort}% → ${p.peakEffort}%`}</td>
                <td>{p.hits === null ? '—' : p.hits.toLocaleString('en')}</td>
                <td>{formatBytes(p.reclaimedFragBytes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <DiagnosisList items={diagnoses} />
    </div>
  );
}
