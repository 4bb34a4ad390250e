import { baselineDeletedSchema, type BaselineDeleted } from '@/lib/baselines/api-schema';
import { baselineSchema, type Baseline } from '@/lib/baselines';
import { requestJson, type ApiResult } from './request-json';

/**
 * The browser's door to the baselines API: where each resource lives, and the writes, whose
 * answers are checked against the shared schemas. Never throws: a failure is a value holding the
 * server's own text. Writes ride on the httpOnly session cookie, sent automatically to the same origin.
 */

const enc = encodeURIComponent;
const targetPath = (targetId: string) => `/api/targets/${enc(targetId)}`;
const baselinePath = (targetId: string, baselineId: string) => `${targetPath(targetId)}/baselines/${enc(baselineId)}`;

/** GET: baselineListResponseSchema, newest first, with whether this browser may capture or delete. */
export const baselinesUrl = (targetId: string) => `${targetPath(targetId)}/baselines`;

/** Captures the newest good sample under `name` (401 when not signed in, 503 when there is no recent sample). */
export function createBaseline(targetId: string, name: string, note?: string): Promise<ApiResult<Baseline>> {
  const body = note === undefined || note.trim() === '' ? { name } : { name, note };
  return requestJson(baselinesUrl(targetId), baselineSchema, { method: 'POST', body });
}

export function deleteBaseline(targetId: string, baselineId: string): Promise<ApiResult<BaselineDeleted>> {
  return requestJson(baselinePath(targetId, baselineId), baselineDeletedSchema, { method: 'DELETE' });
}

export const EXPORT_FORMATS = ['json', 'md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The compare API: json is comparisonResponseSchema; md and csv come back as attachments (Content-Disposition). */
export function compareApiUrl(targetId: string, baselineId: string, to: string, format: ExportFormat): string {
  return `${baselinePath(targetId, baselineId)}/compare?to=${enc(to)}&format=${format}`;
}

/** GET: comparisonResponseSchema. */
export const comparisonUrl = (targetId: string, baselineId: string, to: string) => compareApiUrl(targetId, baselineId, to, 'json');

/** The comparison page: `/compare?target=&baseline=&to=`; without a baseline, the target's baselines index. */
export function comparePageUrl(targetId: string, baselineId?: string, to = 'now'): string {
  const base = `/compare?target=${enc(targetId)}`;
  return baselineId === undefined ? base : `${base}&baseline=${enc(baselineId)}&to=${enc(to)}`;
}

export function dashboardUrl(targetId: string): string {
  return `/?target=${enc(targetId)}`;
}

/** The server's id shape (lib/server/baselines/baselines-routes.ts). */
const BASELINE_ID = /^b-[a-z0-9]{1,16}-[a-f0-9]{8}$/;

/** What a comparison's `to` names: now, another baseline, or the end of the run that started at `start`. */
export type CompareTo = { kind: 'now' } | { kind: 'baseline'; id: string } | { kind: 'run'; start: number };

export function parseCompareTo(to: string): CompareTo | null {
  if (to === 'now') return { kind: 'now' };
  const run = /^run:(\d{10,15})$/.exec(to);
  if (run) return { kind: 'run', start: Number(run[1]) };
  if (BASELINE_ID.test(to)) return { kind: 'baseline', id: to };
  return null;
}

export function compareToParam(to: CompareTo): string {
  return to.kind === 'now' ? 'now' : to.kind === 'baseline' ? to.id : `run:${to.start}`;
}
