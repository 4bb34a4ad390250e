import { z } from 'zod';
import { writeAccessSchema } from '@/lib/admin-schema';
import { requestJson } from './request-json';
import { BASELINE_TRIGGERS, baselineSchema, FIGURE_NAMES, type Baseline, type FigureName } from '@/lib/baselines';
import { historyResponseSchema, type HistoryResponse } from '@/lib/history/api-schema';
import { serverIdentitySchema } from '@/lib/snapshot';

/**
 * The browser's door to the baselines API: same-origin requests whose answers are checked against
 * schemas before the UI sees them. Never throws: a failure is a value holding the server's own text.
 * Writes ride on the httpOnly session cookie, sent automatically to the same origin.
 */

export type BaselinesResult<T> = { ok: true; data: T } | BaselinesFailure;
export interface BaselinesFailure {
  ok: false;
  /** HTTP status; 0 when no answer arrived (network down, request aborted). */
  status: number;
  /** The server's `error.code`, or `network` / `bad_response` / `http_<status>`. */
  code: string;
  /** The server's text, verbatim. */
  message: string;
}

const nullableNumber = z.number().nullable();

/** A list entry: the baseline without its full snapshot, with the headline figures. */
export const baselineSummarySchema = z.object({
  id: z.string(),
  targetId: z.string(),
  name: z.string(),
  note: z.string().nullable(),
  at: z.number(),
  takenBy: z.string(),
  trigger: z.enum(BASELINE_TRIGGERS),
  figures: z.object({
    used_memory_rss: nullableNumber,
    used_memory: nullableNumber,
    mem_fragmentation_ratio: nullableNumber,
    allocator_frag_ratio: nullableNumber,
    active_defrag_hits: nullableNumber,
  }),
  server: serverIdentitySchema,
});
export type BaselineSummary = z.infer<typeof baselineSummarySchema>;

export const baselineListSchema = z.object({ baselines: z.array(baselineSummarySchema), access: writeAccessSchema });
export type BaselineList = z.infer<typeof baselineListSchema>;

const figureNames = FIGURE_NAMES as [FigureName, ...FigureName[]];
const figuresSchema = z.object(Object.fromEntries(FIGURE_NAMES.map((name) => [name, nullableNumber])) as Record<FigureName, typeof nullableNumber>);

export const momentSchema = z.object({
  at: z.number(),
  label: z.string(),
  targetId: z.string(),
  runId: z.string().nullable(),
  figures: figuresSchema,
});

export const VERDICT_STATUSES = ['success', 'no-improvement', 'worse', 'confounded', 'restarted', 'different-target', 'reversed', 'insufficient-data'] as const;

export const comparisonRowSchema = z.object({
  name: z.enum(figureNames),
  label: z.string(),
  kind: z.enum(['bytes', 'ratio', 'count', 'ms']),
  before: nullableNumber,
  after: nullableNumber,
  delta: nullableNumber,
  relative: nullableNumber,
  improved: z.boolean().nullable(),
});
export type ComparisonRowData = z.infer<typeof comparisonRowSchema>;

export const comparisonSchema = z.object({
  before: momentSchema,
  after: momentSchema,
  rows: z.array(comparisonRowSchema),
  verdict: z.object({ status: z.enum(VERDICT_STATUSES), headline: z.string(), reasons: z.array(z.string()) }),
  elapsedMs: z.number(),
  baseline: baselineSummarySchema,
  to: z.string(),
  permalink: z.string(),
});
export type ComparisonData = z.infer<typeof comparisonSchema>;
export type VerdictData = ComparisonData['verdict'];

export const baselineDeletedSchema = z.object({ deleted: z.string() });

/** A detected defrag run, only what the "compare with the end of run" chooser needs. */
export const runSchema = z.object({
  start: z.object({ at: z.number() }),
  end: z.object({ at: z.number() }).nullable(),
  peakRunning: z.number().optional(),
});
export type RunData = z.infer<typeof runSchema>;
export const runListSchema = z.object({ runs: z.array(runSchema) });

/** The shared request, with its failure flattened to this module's `{ status, code, message }`. */
async function request<T>(url: string, schema: z.ZodType<T>, init: { method?: string; body?: unknown } = {}): Promise<BaselinesResult<T>> {
  const result = await requestJson(url, schema, init);
  return result.ok ? result : fail(result.status, result.error.code, result.error.message);
}

function fail(status: number, code: string, message: string): BaselinesFailure {
  return { ok: false, status, code, message };
}

const enc = encodeURIComponent;
const targetPath = (targetId: string) => `/api/targets/${enc(targetId)}`;
const baselinePath = (targetId: string, baselineId: string) => `${targetPath(targetId)}/baselines/${enc(baselineId)}`;

/** The target's baselines, newest first, and whether this browser may capture or delete. */
export async function getBaselines(targetId: string): Promise<BaselinesResult<BaselineList>> {
  const result = await request(`${targetPath(targetId)}/baselines`, baselineListSchema);
  return result.ok ? { ok: true, data: { ...result.data, baselines: distinctById(result.data.baselines) } } : result;
}

/**
 * One row per id. The server's JSONL reader can list a record twice when two reads overlap right
 * after an append (both read the same new bytes before either moves the offset); until that is
 * fixed there, a baseline must not show twice (nor collide as a React key).
 */
export function distinctById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
}

/** Captures the newest good sample under `name` (401 when not signed in, 503 when there is no recent sample). */
export function createBaseline(targetId: string, name: string, note?: string): Promise<BaselinesResult<Baseline>> {
  const body = note === undefined || note.trim() === '' ? { name } : { name, note };
  return request(`${targetPath(targetId)}/baselines`, baselineSchema, { method: 'POST', body });
}

export function deleteBaseline(targetId: string, baselineId: string): Promise<BaselinesResult<{ deleted: string }>> {
  return request(baselinePath(targetId, baselineId), baselineDeletedSchema, { method: 'DELETE' });
}

export function getComparison(targetId: string, baselineId: string, to: string): Promise<BaselinesResult<ComparisonData>> {
  return request(compareApiUrl(targetId, baselineId, to, 'json'), comparisonSchema);
}

/** Detected defrag runs in [from, to] (epoch ms; the API allows at most 8 days). */
export function getRuns(targetId: string, from: number, to: number): Promise<BaselinesResult<{ runs: RunData[] }>> {
  return request(`${targetPath(targetId)}/runs?from=${Math.floor(from)}&to=${Math.ceil(to)}`, runListSchema);
}

/** History columns for the charts around a comparison. */
export function getHistory(targetId: string, from: number, to: number, points: number, series: readonly string[]): Promise<BaselinesResult<HistoryResponse>> {
  const query = `from=${Math.floor(from)}&to=${Math.ceil(to)}&points=${points}&series=${series.map(enc).join(',')}`;
  return request(`${targetPath(targetId)}/history?${query}`, historyResponseSchema);
}

export const EXPORT_FORMATS = ['json', 'md', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The compare API; md and csv come back as attachments (Content-Disposition). */
export function compareApiUrl(targetId: string, baselineId: string, to: string, format: ExportFormat): string {
  return `${baselinePath(targetId, baselineId)}/compare?to=${enc(to)}&format=${format}`;
}

/** The comparison page: `/compare?target=&baseline=&to=`; without a baseline, the target's baselines index. */
export function comparePageUrl(targetId: string, baselineId?: string, to = 'now'): string {
  const base = `/compare?target=${enc(targetId)}`;
  return baselineId === undefined ? base : `${base}&baseline=${enc(baselineId)}&to=${enc(to)}`;
}

export function dashboardUrl(targetId: string): string {
  return `/?target=${enc(targetId)}`;
}

/** The server's id shape (lib/server/baselines-api.ts). */
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
