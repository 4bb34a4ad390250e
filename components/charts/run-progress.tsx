import type { DefragRunView } from '@/lib/history/api-schema';
import { formatDuration } from '@/lib/format';
import { runLatencyText, runText } from '@/lib/history/run-text';

type RunProgress = DefragRunView['progress'];

const STATUS_TEXT: Record<RunProgress['status'], string> = {
  running: 'Defrag run in progress',
  settling: 'Last defrag run · RSS settling (the allocator returns freed pages to the OS with a delay)',
  finished: 'Last defrag run',
  interrupted: 'Last defrag run (cut short by an outage)',
};

/** Memory queued for the lazyfree thread is not freed yet: the "after" figures wait for it. */
export function lazyfreeWait(pending: number): string {
  return `waiting for lazy free (${pending.toLocaleString('en-US')} object${pending === 1 ? '' : 's'} pending)`;
}

/** The current (or last) defrag run: what it reclaimed so far and when it should finish. */
export function RunProgressPanel({ run }: { run: DefragRunView | null }) {
  if (!run) {
    return (
      <p className="text-sm text-zinc-500" data-testid="run-progress" data-state="none">
        No defrag run in this range.
      </p>
    );
  }
  const p = run.progress;
  const text = runText(p);
  const latency = runLatencyText(run.latencyCost);
  const rssTitle = p.status === 'finished' ? 'used_memory_rss before the run minus where it settled after the run' : 'used_memory_rss before the run minus now';
  return (
    <div className="grid gap-1 text-sm" data-testid="run-progress" data-state={p.status}>
      <div className="font-semibold">
        {STATUS_TEXT[p.status]} · started {new Date(run.start.at).toLocaleString()} · peak {run.peakRunning}% CPU
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-1">
        <span>
          elapsed <b data-testid="run-elapsed">{formatDuration(p.elapsedMs)}</b>
        </span>
        <span title={rssTitle}>
          RSS reclaimed <b data-testid="run-reclaimed-rss">{text.rss}</b>
          {p.status === 'settling' ? (
            <span data-testid="run-settling">{p.lazyfreePending ? ` (${lazyfreeWait(p.lazyfreePending)})` : ' (settling…)'}</span>
          ) : null}
        </span>
        <span title="allocator_frag_bytes before the run minus now (or at its end)">
          fragmentation reclaimed <b data-testid="run-reclaimed-frag">{text.frag}</b>
        </span>
        {text.done !== null ? (
          <span title="of the fragmentation above the point where the start condition stops holding">
            done <b data-testid="run-fraction">{text.done}</b>
          </span>
        ) : null}
        {text.pass !== null ? (
          <span title="a pass visits every key once (active_defrag_key_hits + key_misses against the key count)">
            pass <b data-testid="run-pass">{text.pass}</b>
            {text.passEta !== null ? ` (${text.passEta})` : ''}
          </span>
        ) : null}
        {text.finish !== null ? (
          <span>
            finish <b data-testid="run-eta">{text.finish}</b>
          </span>
        ) : null}
      </div>
      {latency !== null ? (
        <div title="p99 per busy command during the run against the 5 minutes before (LATENCY HISTOGRAM, power-of-two buckets)">
          latency cost <b data-testid="run-latency-cost">{latency}</b>
        </div>
      ) : null}
    </div>
  );
}
