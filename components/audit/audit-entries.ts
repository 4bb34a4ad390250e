import type { AuditEntry, AuditResult } from '@/lib/audit/api-schema';
import { DEFRAG_PARAM_NAMES, findParam, sameValue, valueText } from '@/lib/config-params';

/** Pure helpers for the audit view: which parameters an entry touched, and whether it can be reverted. */

export interface EntryChange {
  param: string;
  before: string;
  after: string;
  /** The requested value, when it is not what the server ended up holding (refused, invalid, clamped). */
  requested: string | null;
}

function show(param: string, value: string | null | undefined): string {
  const spec = findParam(param);
  if (value === undefined) return '—';
  return spec ? valueText(spec, value) : (value ?? 'unknown');
}

/** Every parameter the entry names, catalogue order first. */
export function entryParams(entry: AuditEntry): string[] {
  const names = new Set([...Object.keys(entry.requested), ...Object.keys(entry.before), ...Object.keys(entry.after ?? {})]);
  const known = DEFRAG_PARAM_NAMES.filter((p) => names.has(p));
  return [...known, ...[...names].filter((n) => !known.includes(n as (typeof known)[number]))];
}

export function entryChanges(entry: AuditEntry): EntryChange[] {
  return entryParams(entry).map((param) => {
    const requested = entry.requested[param];
    const after = entry.after?.[param];
    const spec = findParam(param);
    const landed = requested !== undefined && after !== undefined && spec !== undefined && sameValue(spec.kind, requested, after);
    return {
      param,
      before: show(param, entry.before[param]),
      after: entry.after === null ? 'not read' : show(param, after),
      requested: requested === undefined || landed ? null : spec ? valueText(spec, requested) : requested,
    };
  });
}

/** The values a revert sets: the entry's known values from before it. */
export function revertValues(entry: AuditEntry): Record<string, string> {
  return Object.fromEntries(Object.entries(entry.before).filter((e): e is [string, string] => e[1] !== null));
}

/**
 * An applied entry that actually changed a setting (what the server's revert accepts, minus no-ops),
 * or one whose outcome is unknown (it may have landed; a revert of what did not land changes nothing),
 * and not reverted yet.
 */
export function isRevertable(entry: AuditEntry): boolean {
  if (entry.revertedBy) return false;
  if (entry.result === 'unknown') return Object.keys(revertValues(entry)).length > 0;
  if (entry.result !== 'applied' || entry.after === null) return false;
  return Object.entries(revertValues(entry)).some(([param, before]) => {
    const spec = findParam(param);
    return spec !== undefined && !sameValue(spec.kind, before, entry.after?.[param]);
  });
}

/** Colour always comes with a word. */
export const RESULT_STYLE: Record<AuditResult, { mark: string; className: string }> = {
  applied: { mark: '✓', className: 'bg-emerald-600 text-white dark:bg-emerald-500 dark:text-emerald-950' },
  invalid: { mark: '✗', className: 'bg-amber-500 text-amber-950 dark:bg-amber-400' },
  refused: { mark: '✗', className: 'bg-red-600 text-white dark:bg-red-500 dark:text-red-950' },
  failed: { mark: '✗', className: 'bg-red-600 text-white dark:bg-red-500 dark:text-red-950' },
  unknown: { mark: '?', className: 'bg-slate-500 text-white dark:bg-slate-400 dark:text-slate-950' },
};
