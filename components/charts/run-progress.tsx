import type { DefragRunView } from '@/lib/history/api-schema';
import { formatBytes, formatDuration, formatPercent } from '@/lib/format';

type RunProgress = DefragRunView['progress'];

const STATUS_TEXT: Record<RunProgress['status'], string> = {
  running: 'Defrag run in progress',
  finished: 'Last defrag run',
  interrupted: 'Last defrag run (cut short by an outage)',
};

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
  const eta = p.status === 'running' ? finishText(p) : null;
  return (
    <div className="grid gap-1 text-sm" data-testid="run-progress" data-state={p.status}>
      <div className="font-semibold">
        {STATUS_TEXT[p.status]} · started {new Date(run.start.at).toLocaleTimeString()} · peak {run.peakRunning}% CPU
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-1">
        <span>
          elapsed <b data-testid="run-elapsed">{formatDuration(p.elapsedMs)}</b>
        </span>
        <span title="used_memory_rss at the start minus now">
          RSS reclaimed <b data-testid="run-reclaimed-rss">{formatBytes(p.reclaimedRssBytes)}</b>
        </span>
        <span title="allocator_frag_bytes at the start minus now">
          fragmentation reclaimed <b data-testid="run-reclaimed-frag">{formatBytes(p.reclaimedFragBytes)}</b>
        </span>
        <span title="of the fragmentation above the point where the start condition stops holding">
          done <b data-testid="run-fraction">{formatPercent(p.fractionOfReclaimable === null ? null : p.fractionOfReclaimable * 100, '—')}</b>
        </span>
        {p.pass ? (
          <span title="a pass visits every key once (active_defrag_key_hits + key_misses against the key count)">
            pass{' '}
            <b data-testid="run-pass">
              {p.pass.index + 1}: {formatPercent(p.pass.fraction * 100)}
            </b>
            {p.pass.etaMs !== null && p.status === 'running' ? ` (pass ends in about ${formatDuration(p.pass.etaMs)})` : ''}
          </span>
        ) : null}
        {eta ? (
          <span>
            finish <b data-testid="run-eta">{eta}</b>
          </span>
        ) : null}
      </div>
    </div>
  );
}

/**
 * A run ends when a pass completes and the start test then fails (Redis does not re-check the
 * thresholds mid-pass), so it cannot end before the current pass does: the later of the two.
 */
function finishText(p: RunProgress): string {
  const passEta = p.pass?.etaMs ?? null;
  if (!p.converging) return passEta === null ? 'not converging' : `not converging (this pass ends in about ${formatDuration(passEta)})`;
  if (p.etaMs === null) return 'converging (no end in sight yet)';
  return `about ${formatDuration(Math.max(p.etaMs, passEta ?? 0))}`;
}
