import type { DefragRun, DefragSample } from './defrag-runs';

/**
 * The passes of one defrag run, from `current_active_defrag_time` (ms the server has spent in the
 * running state). What that counter means depends on the version (lib/decision/VERSIONS.md):
 * - Redis >= 8.0 / Valkey >= 8.1 start it in beginDefragCycle and zero it in endDefragCycle, so
 *   every pass shows as the counter falling back: one row per pass.
 * - Redis <= 7.4 / Valkey <= 8.0 keep it running while a pass is followed at once by the next, so
 *   back-to-back passes are one row (`spansPasses`), and only a pause in between splits it.
 * Pure; the samples are the run's, in time order.
 */

export interface DefragPass {
  /** 1-based, within the run. */
  index: number;
  /** When it began: the first sample's time minus the counter it showed (the server's own clock). */
  startAt: number;
  durationMs: number;
  /** `active_defrag_running` at the first sample of the pass: the effort it started with. */
  effort: number;
  peakEffort: number;
  /** active_defrag_hits / misses during the pass (counter deltas). */
  hits: number | null;
  misses: number | null;
  /** allocator_frag_bytes at the start minus at the end; negative when it grew. */
  reclaimedFragBytes: number | null;
  /** Still going at the last sample. */
  ongoing: boolean;
  /** The counter cannot separate back-to-back passes on this version: the row may cover several. */
  spansPasses: boolean;
}

export interface PassOptions {
  /** traits.defragTimeResetsPerPass: true, false, or null when the version is unknown. */
  resetsPerPass: boolean | null;
}

export function detectPasses(run: DefragRun, samples: readonly DefragSample[], options: PassOptions): DefragPass[] {
  const endAt = run.end?.at ?? Number.POSITIVE_INFINITY;
  const startFrom = run.before?.at ?? run.start.at;
  const inRun = samples.filter((s) => s.ok && s.at >= startFrom && s.at <= endAt);
  const passes: DefragPass[] = [];
  let open: { first: DefragSample; last: DefragSample; base: DefragSample; peak: number } | null = null;
  let prevTime: number | null = null;
  let prevSample: DefragSample | null = null;

  const close = (ongoing: boolean) => {
    if (!open) return;
    const { first, last, base, peak } = open;
    const startTime = first.current_active_defrag_time ?? 0;
    const delta = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null ? a - b : null);
    passes.push({
      index: passes.length + 1,
      startAt: first.at - startTime,
      durationMs: Math.max(last.current_active_defrag_time ?? 0, last.at - (first.at - startTime)),
      effort: first.active_defrag_running ?? 0,
      peakEffort: peak,
      hits: delta(last.active_defrag_hits, base.active_defrag_hits),
      misses: delta(last.active_defrag_misses, base.active_defrag_misses),
      reclaimedFragBytes: delta(base.allocator_frag_bytes, last.allocator_frag_bytes),
      ongoing,
      spansPasses: options.resetsPerPass !== true,
    });
    open = null;
  };

  for (const s of inRun) {
    const running = s.active_defrag_running ?? 0;
    const time = s.current_active_defrag_time ?? null;
    // A counter that fell back means a new pass began (or, before 8.0, a pause ended a span).
    const reset = open !== null && time !== null && prevTime !== null && time < prevTime;
    if (open && (running === 0 || reset)) {
      close(false);
    }
    if (running > 0) {
      if (!open) open = { first: s, last: s, base: prevSample ?? s, peak: running };
      else {
        open.last = s;
        open.peak = Math.max(open.peak, running);
      }
    }
    prevTime = time;
    prevSample = s;
  }
  close(run.end === null);
  return passes;
}
