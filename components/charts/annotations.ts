import type { AuditEntry } from '@/lib/audit/api-schema';
import { targetViewHref } from '@/lib/targets/views';

/** Something that happened to the target, marked on every chart and linked to where it is recorded. */
export interface Annotation {
  at: number;
  kind: 'config' | 'window-start' | 'window-end' | 'baseline';
  /** Short, for the line on the chart: "▲ config by admin". */
  label: string;
  /** Longer, for the list under the charts and screen readers. */
  text: string;
  href: string;
}

const SYMBOL: Record<Annotation['kind'], string> = { config: '▲', 'window-start': '▼', 'window-end': '△', baseline: '◆' };

/** The audit row's anchor, so an annotation opens its entry in the audit view. */
export const auditAnchor = (id: string) => `audit-${id}`;

export interface AnnotationSources {
  targetId: string;
  audit: AuditEntry[];
  baselines: Array<{ id: string; name: string; at: number }>;
  from: number;
  to: number;
}

/**
 * Config changes (who made them), window starts and ends and baselines inside [from, to], oldest
 * first (detected runs are the shaded bands). Pure: the history section feeds it what it fetched.
 */
export function buildAnnotations({ targetId, audit, baselines, from, to }: AnnotationSources): Annotation[] {
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
  return out.sort((a, b) => a.at - b.at);
}
