import { z } from 'zod';
import { describeRule, SEVERITIES, type AlertRuleId, type AlertRules } from './rules';
import type { ActiveAlert, AlertTransition } from './state';
import type { AlertHistoryEntry } from './api-schema';
import type { Snapshot } from '../snapshot';

/**
 * The alert history: every fire and resolve as one persisted event (lib/server/alerts/
 * alert-history-log.ts), paired here into entries for `GET /api/alerts/history`. Pure.
 *
 * An event carries what it needs to be read years later: the rule's title and words as they were,
 * and on a fire the figures of the sample that fired it and the rule's threshold. `rule` is a plain
 * string on disk, so a rule renamed or removed later does not make old lines unreadable.
 */

/** The sample's figures when the alert fired (null: no sample, e.g. the target was down). */
export const alertFiguresSchema = z.object({
  rssRatio: z.number().nullable(),
  allocatorRatio: z.number().nullable(),
  allocatorFragBytes: z.number().nullable(),
  usedBytes: z.number().nullable(),
  rssBytes: z.number().nullable(),
});
export type AlertFigures = z.infer<typeof alertFiguresSchema>;

export const alertEventSchema = z.object({
  status: z.enum(['fired', 'resolved']),
  targetId: z.string(),
  rule: z.string(),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  /** When the condition started holding: with targetId and rule, the alert's identity. */
  since: z.number(),
  at: z.number(),
  value: z.number().nullable(),
  message: z.string(),
  /** The rule's threshold figure at the time (RSS ratio, or the climb), null for rules without one. */
  threshold: z.number().nullable(),
  /** The rule in words at the time, e.g. "mem_fragmentation_ratio above 2 for 15 minutes". */
  ruleText: z.string(),
  figures: alertFiguresSchema.nullable(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export function figuresOf(snapshot: Snapshot | null | undefined): AlertFigures | null {
  if (!snapshot || !snapshot.ok) return null;
  const i = snapshot.info;
  return {
    rssRatio: i.mem_fragmentation_ratio,
    allocatorRatio: i.allocator_frag_ratio,
    allocatorFragBytes: i.allocator_frag_bytes,
    usedBytes: i.used_memory,
    rssBytes: i.used_memory_rss,
  };
}

/** A rule's threshold figure: `threshold` (a ratio) or `rise` (a climb); null when it has neither. */
export function ruleThreshold(rules: AlertRules, rule: AlertRuleId): number | null {
  const params = rules[rule] as Record<string, unknown>;
  if (typeof params.threshold === 'number') return params.threshold;
  if (typeof params.rise === 'number') return params.rise;
  return null;
}

export function toAlertEvent(t: AlertTransition, title: string, rules: AlertRules, snapshot: Snapshot | null): AlertEvent {
  return {
    status: t.status,
    targetId: t.targetId,
    rule: t.rule,
    title,
    severity: t.severity,
    since: t.since,
    at: t.at,
    value: t.value,
    message: t.message,
    threshold: ruleThreshold(rules, t.rule),
    ruleText: describeRule(rules, t.rule),
    figures: t.status === 'fired' ? figuresOf(snapshot) : null,
  };
}

const key = (e: { targetId: string; rule: string; since: number }) => `${e.targetId}:${e.rule}:${e.since}`;

/** Events (in log order) paired into entries, newest first; `active` says which open ones still fire. */
export function historyEntries(
  events: readonly AlertEvent[],
  active: readonly Pick<ActiveAlert, 'targetId' | 'rule' | 'since'>[],
  now: number,
): AlertHistoryEntry[] {
  const firing = new Set(active.map(key));
  const byKey = new Map<string, { fired: AlertEvent | null; resolved: AlertEvent | null; first: AlertEvent }>();
  for (const e of events) {
    const k = key(e);
    const pair = byKey.get(k) ?? { fired: null, resolved: null, first: e };
    // A repeated line (a retried write) changes nothing: the first fire and the first resolve count.
    if (e.status === 'fired') pair.fired ??= e;
    else pair.resolved ??= e;
    byKey.set(k, pair);
  }
  const entries = [...byKey.entries()].map(([id, { fired, resolved, first }]): AlertHistoryEntry => {
    const start = fired?.at ?? first.since;
    const state = resolved ? 'resolved' : firing.has(id) ? 'firing' : 'ended-unrecorded';
    const end = resolved ? resolved.at : state === 'firing' ? now : null;
    const latest = resolved ?? fired ?? first;
    return {
      id,
      targetId: first.targetId,
      rule: first.rule,
      title: latest.title,
      severity: latest.severity,
      since: first.since,
      firedAt: fired?.at ?? null,
      resolvedAt: resolved?.at ?? null,
      state,
      durationMs: end === null ? null : Math.max(0, end - start),
      fired: fired ? { value: fired.value, message: fired.message, threshold: fired.threshold, ruleText: fired.ruleText, figures: fired.figures } : null,
      resolved: resolved ? { value: resolved.value, message: resolved.message } : null,
    };
  });
  return entries.sort((a, b) => (b.firedAt ?? b.since) - (a.firedAt ?? a.since) || a.id.localeCompare(b.id));
}

export const DEFAULT_HISTORY_PAGE_SIZE = 50;

export const alertHistoryQuerySchema = z.strictObject({
  target: z.string().max(64).optional(),
  rule: z.string().max(64).optional(),
  page: z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number({ error: 'must be a whole number' }).int({ error: 'must be a whole number' }).min(1).max(500).default(DEFAULT_HISTORY_PAGE_SIZE),
});
export type AlertHistoryQuery = z.infer<typeof alertHistoryQuerySchema>;

/** Filter by target and rule, then one page (past the end: the last page). */
export function pageHistory(entries: readonly AlertHistoryEntry[], query: AlertHistoryQuery) {
  const matching = entries.filter((e) => (!query.target || e.targetId === query.target) && (!query.rule || e.rule === query.rule));
  const pageCount = Math.max(1, Math.ceil(matching.length / query.pageSize));
  const page = Math.min(query.page, pageCount);
  return { entries: matching.slice((page - 1) * query.pageSize, page * query.pageSize), matched: matching.length, page, pageCount, pageSize: query.pageSize };
}

/** The history page's URL for a filter: only what is set, so `/alerts` stays plain. */
export function historyParams(q: { target?: string | null; rule?: string | null; page?: number }): URLSearchParams {
  const params = new URLSearchParams();
  if (q.target) params.set('target', q.target);
  if (q.rule) params.set('rule', q.rule);
  if (q.page && q.page > 1) params.set('page', String(q.page));
  return params;
}
