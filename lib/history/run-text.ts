import { formatBytes, formatDuration, formatPercent } from '../format';
import type { RunProgress } from './defrag-runs';
import type { LatencyCost } from '../latency/api-schema';

/**
 * The words of the run progress panel, chosen so that no two of them contradict each other.
 * Measured on real runs (fixtures/): allocator fragmentation falls in steps at the end of each
 * pass, so early in a pass "done" reads 0 % and the trend reads flat while the pass counter
 * says 32 %. Hence: while the key counters locate the pass, the pass is the progress figure and
 * "done" is left out until something was reclaimed; a reclaim of 0 or less reads "none yet"
 * (INFO drifts by a few hundred bytes); and "not converging" needs a full pass that did not
 * bring the fragmentation down, not a flat trend inside the first pass.
 */
export interface RunText {
  rss: string;
  frag: string;
  /** Null when it would contradict the pass figure (see above). */
  done: string | null;
  pass: string | null;
  /** "pass ends in about 16 s", only while running. */
  passEta: string | null;
  /** Only while running. */
  finish: string | null;
}

export function runText(p: RunProgress): RunText {
  const running = p.status === 'running';
  const rss = reclaimed(p.reclaimedRssBytes, running || p.status === 'settling');
  const frag = reclaimed(p.reclaimedFragBytes, running);
  // "Something" is what reads above 0 %: 7.8 KiB of 110 MiB reclaimed would print "done 0%" beside
  // "pass 1: 87%" (a CI run saw it), the contradiction this rule exists to avoid.
  const somethingReclaimed = (p.reclaimedFragBytes ?? 0) > 0 && (p.fractionOfReclaimable ?? 0) * 100 >= 0.05;
  const done = p.fractionOfReclaimable === null || (running && p.pass !== null && !somethingReclaimed) ? null : formatPercent(p.fractionOfReclaimable * 100);
  const pass = p.pass ? `${p.pass.index + 1}: ${formatPercent(p.pass.fraction * 100)}` : null;
  const passEta = running && p.pass?.etaMs != null ? `pass ends in about ${formatDuration(p.pass.etaMs)}` : null;
  return { rss, frag, done, pass, passEta, finish: running ? finishText(p) : null };
}

/** A figure that is 0 or below while the run goes on is "none yet": the drop comes at a pass end. */
function reclaimed(bytes: number | null, goingOn: boolean): string {
  if (bytes === null) return formatBytes(null);
  if (bytes <= 0) return goingOn ? 'none yet' : bytes === 0 ? 'none' : `none (grew by ${formatBytes(-bytes)})`;
  return formatBytes(bytes);
}

/**
 * A run ends when a pass completes and the start test then fails (Redis does not re-check the
 * thresholds mid-pass), so it cannot end before the current pass does: the later of the two.
 */
function finishText(p: RunProgress): string {
  const passEta = p.pass?.etaMs ?? null;
  if (!p.converging) {
    // Evidence over more than one pass: a completed pass whose end did not bring the trend down.
    const afterFullPass = p.pass !== null && p.pass.index >= 1;
    // Flat at the target is not "not converging": the work is done and the run ends with its pass
    // (seen on the lab: "done 98.4%" beside "not converging after 2 full passes").
    const nearlyDone = p.fractionOfReclaimable !== null && p.fractionOfReclaimable >= 0.9;
    if (nearlyDone) {
      return passEta === null ? 'fragmentation is at its target; the run ends with this pass' : `when this pass ends, in about ${formatDuration(passEta)}`;
    }
    if (afterFullPass && (p.trend === 'flat' || p.trend === 'rising')) {
      return `not converging after ${p.pass!.index} full pass${p.pass!.index === 1 ? '' : 'es'}${p.trend === 'rising' ? ' (fragmentation rising)' : ''}`;
    }
    return passEta === null
      ? 'not known yet (fragmentation drops at the end of a pass)'
      : `at the earliest when this pass ends, in about ${formatDuration(passEta)}`;
  }
  if (p.etaMs === null) return 'converging (no end in sight yet)';
  return `about ${formatDuration(Math.max(p.etaMs, passEta ?? 0))}`;
}

/**
 * The run's latency cost in one line ("GET p99 0.26 ms -> 1.1 ms while defrag ran at 25 % CPU"),
 * or why it is not measured (server older than 7.0, LATENCY refused). Null before anything is known.
 */
export function runLatencyText(cost: LatencyCost | null | undefined): string | null {
  if (!cost) return null;
  if (cost.text) return cost.text;
  if (cost.status === 'ok' || cost.status === 'waiting')
    return 'not measured yet (needs LATENCY HISTOGRAM readings from the 5 minutes before the run and during it, 100+ calls each)';
  return null;
}
