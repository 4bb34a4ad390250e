import type { AuditEntry } from '@/lib/audit/api-schema';
import { formatBytes, formatDuration } from '@/lib/format';
import { withChartRange } from '@/lib/targets/chart-range';
import { targetViewHref } from '@/lib/targets/views';

/** Something that happened to the target, marked on every chart and linked to where it is recorded. */
export interface Annotation {
  at: number;
  kind: 'config' | 'window-start' | 'window-end' | 'baseline' | 'restart' | 'defrag-run';
  /** Short, for the line on the chart: "▲ config by admin". */
  label: string;
  /** Longer, for the list under the charts and screen readers. */
  text: string;
  href: string;
}

const SYMBOL: Record<Annotation['kind'], string> = {
  config: '▲',
  'window-start': '▼',
  'window-end': '△',
  baseline: '◆',
  restart: '↻',
  'defrag-run': '▶',
};

/** A detected defrag run, as the runs API gives it (only what the annotation says). */
export interface RunSource {
  start: { at: number };
  end: { at: number } | null;
  peakRunning: number;
  progress: { reclaimedRssBytes: number | null };
}

/** Context shown around a moment opened from its annotation: a restart's outage, a run's start and settling. */
const PAD_MS = 2 * 60_000;

/** The console at [from, to]: what a restart's or a run's annotation opens, as a bookmarkable zoom. */
export function rangeHref(targetId: string, from: number, to: number): string {
  return `/${withChartRange(`target=${encodeURIComponent(targetId)}`, { kind: 'absolute', from, to })}`;
}

/** The audit row's anchor, so an annotation opens its entry in the audit view. */
export const auditAnchor = (id: string) => `audit-${id}`;

export interface AnnotationSources {
  targetId: string;
  audit: AuditEntry[];
  baselines: Array<{ id: string; name: string; at: number }>;
  /** First samples of new server processes (the runs API's `restarts`). */
  restarts?: number[];
  runs?: RunSource[];
  /** Now, to end a run still going (its zoom link ends here). */
  now?: number;
  from: number;
  to: number;
}

/**
 * Config changes (who made them), window starts and ends, baselines, server restarts and the starts
 * of detected defrag runs (also shaded bands) inside [from, to], oldest first. Each links to its
 * entry: the audit row, the baseline's comparison, or the charts zoomed on the restart or the run.
 * Pure: the history section feeds it what it fetched.
 */
export function buildAnnotations({ targetId, audit, baselines, restarts = [], runs = [], now = Date.now(), from, to }: AnnotationSources): Annotation[] {
  const out: Annotation[] = [];
  const inside = (at: number) => Number.isFinite(at) && at >= from && at <= to;
  const auditView = targetViewHref(targetId, 'audit');
  for (const e of audit) {
    const at = Date.parse(e.at);
    if (!inside(at) || e.result !== 'applied') continue;
    const href = `${auditView}#${auditAnchor(e.id)}`;
    if (e.action === 'config-set' || e.action === 'revert') {
      const what = e.action === 'revert' ? 'revert' : 'config';
      const params = Object.keys(e.requested).join(', ');
      out.push({
        at,
        kind: 'config',
        label: `${SYMBOL.config} ${what} by ${e.actor}`,
        text: `${what} change by ${e.actor}${params ? `: ${params}` : ''}`,
        href,
      });
    } else if (e.action === 'window-start' || e.action === 'window-end') {
      const kind = e.action;
      const word = kind === 'window-start' ? 'window start' : 'window end';
      out.push({ at, kind, label: `${SYMBOL[kind]} ${word}`, text: `${word}${e.note ? `: ${e.note}` : ''}`, href });
    }
  }
  for (const b of baselines) {
    if (!inside(b.at)) continue;
    out.push({
      at: b.at,
      kind: 'baseline',
      label: `${SYMBOL.baseline} ${b.name}`,
      text: `baseline “${b.name}”`,
      href: `/compare?target=${encodeURIComponent(targetId)}&baseline=${encodeURIComponent(b.id)}&to=now`,
    });
  }
  for (const at of restarts) {
    if (!inside(at)) continue;
    out.push({
      at,
      kind: 'restart',
      label: `${SYMBOL.restart} restart`,
      text: 'server restarted (new run_id): counters and fragmentation start again',
      href: rangeHref(targetId, at - PAD_MS, Math.min(at + PAD_MS, now)),
    });
  }
  for (const run of runs) {
    const at = run.start.at;
    if (!inside(at)) continue;
    const end = run.end?.at ?? null;
    const duration = end === null ? 'still running' : formatDuration(end - at);
    const reclaimed = run.progress.reclaimedRssBytes;
    out.push({
      at,
      kind: 'defrag-run',
      label: `${SYMBOL['defrag-run']} defrag run`,
      text: `defrag run: ${duration}, peak effort ${run.peakRunning}%${reclaimed === null ? '' : `, RSS reclaimed ${formatBytes(reclaimed)}`}`,
      href: rangeHref(targetId, at - PAD_MS / 2, Math.min((end ?? now) + PAD_MS, now)),
    });
  }
  return out.sort((a, b) => a.at - b.at);
}
