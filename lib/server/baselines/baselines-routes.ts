import 'server-only';
import {
  baselineCreateSchema,
  compareMoments,
  momentFromFigures,
  momentFromSnapshot,
  toCsv,
  toJson,
  toMarkdown,
  type Baseline,
  type Moment,
} from '@/lib/baselines';
import type { BaselineDeleted, BaselineList, BaselineSummary, ComparisonResponse } from '@/lib/baselines/api-schema';
import { comparisonLatencyText } from '@/lib/baselines/latency-text';
import { detectRuns } from '@/lib/history/defrag-runs';
import { comparisonLatencyCost } from '../latency/run-latency';
import { requireWriter } from '../session/admin-guard';
import { captureBaseline } from './baseline-capture';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { publicOrigin } from '../http/public-origin';
import { getHub } from '../core/hub';
import { readJsonBody } from '../http/read-json-body';
import type { TargetPoller } from '../polling/target-poller';
import { recordAccess } from '../session/write-access';

const NO_STORE = { 'Cache-Control': 'no-store' };
const BASELINE_ID = /^b-[a-z0-9]{1,16}-[a-f0-9]{8}$/;
const FORMATS = ['json', 'md', 'csv'] as const;

/** A baseline without its full snapshot, with the headline figures: what the list shows. */
function summary(b: Baseline): BaselineSummary {
  const { snapshot, ...rest } = b;
  const i = snapshot.info;
  return {
    ...rest,
    figures: {
      used_memory_rss: i.used_memory_rss,
      used_memory: i.used_memory,
      mem_fragmentation_ratio: i.mem_fragmentation_ratio,
      allocator_frag_ratio: i.allocator_frag_ratio,
      active_defrag_hits: i.active_defrag_hits,
    },
    server: snapshot.server,
  };
}

export function baselineListResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const hub = getHub();
    const baselines = (await hub.baselines.list(targetId)).map(summary);
    const access = recordAccess(request, hub.config.adminTokens, poller.target, 'capture or delete baselines');
    return Response.json({ baselines, access } satisfies BaselineList, { headers: NO_STORE });
  });
}

/** POST `{ "name": "...", "note": "..." }`: captures the newest good sample now. */
export function baselineCreateResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    findPoller(targetId);
    const hub = getHub();
    const actor = requireWriter(request, hub.config.adminTokens);
    const body = await readJsonBody(request, baselineCreateSchema, '{ "name": "before maintenance", "note": "optional" }');
    const snapshot = hub.currentSnapshot(targetId);
    if (!snapshot) throw new AppError('unavailable', `no recent good sample of ${targetId}: is the server reachable?`);
    const baseline = await captureBaseline(hub.baselines, snapshot, { name: body.name, note: body.note ?? null, takenBy: actor, trigger: 'manual' });
    return Response.json(baseline satisfies Baseline, { status: 201 });
  });
}

export function baselineGetResponse(targetId: string, baselineId: string): Promise<Response> {
  return handle(async () => Response.json((await findBaseline(targetId, baselineId)) satisfies Baseline, { headers: NO_STORE }));
}

/** DELETE: recorded as a deletion (the file is append-only), guarded like every write. */
export function baselineDeleteResponse(targetId: string, baselineId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const hub = getHub();
    const actor = requireWriter(request, hub.config.adminTokens);
    await findBaseline(targetId, baselineId);
    await hub.baselines.remove(baselineId, actor);
    return Response.json({ deleted: baselineId } satisfies BaselineDeleted);
  });
}

/** GET .../compare?to=now|<baselineId>|run:<start ms>&format=json|md|csv */
export function baselineCompareResponse(targetId: string, baselineId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const baseline = await findBaseline(targetId, baselineId);
    const url = new URL(request.url);
    const to = url.searchParams.get('to') ?? 'now';
    const format = url.searchParams.get('format') ?? 'json';
    if (!(FORMATS as readonly string[]).includes(format)) throw new AppError('bad_request', `format must be one of ${FORMATS.join(', ')}`);
    const before = momentFromSnapshot(baseline.snapshot, `baseline "${baseline.name}"`);
    const after = await resolveMoment(poller, to);
    const comparison = compareMoments(before, after);
    // Relative when the request names no allowed http(s) origin: a forged Host never becomes a link in a ticket.
    const origin = publicOrigin(request, getHub().config.allowedHosts);
    const permalink = `${origin ?? ''}/compare?target=${encodeURIComponent(targetId)}&baseline=${encodeURIComponent(baselineId)}&to=${encodeURIComponent(to)}`;
    const now = Date.now();
    const store = await getHub().historyOf(poller);
    const latencyCost = comparisonLatencyCost(poller.latency, store.defragSamples(0, now), {
      from: before.at,
      to: after.at,
      now,
      maxGapMs: store.idleMaxGapMs,
    });
    const meta = {
      latency: comparisonLatencyText(latencyCost),
      targetName: poller.target.name,
      address: poller.target.address,
      engine: baseline.snapshot.server.engine,
      version: baseline.snapshot.server.version,
      permalink,
    };
    const fileBase = `fragscope-${targetId}-${baselineId}-vs-${to.replace(/[^a-z0-9-]/gi, '-')}`;
    if (format === 'md') {
      return new Response(toMarkdown(comparison, before, after, meta), {
        headers: { 'Content-Type': 'text/markdown; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileBase}.md"`, ...NO_STORE },
      });
    }
    if (format === 'csv') {
      return new Response(toCsv(comparison, before, after), {
        headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${fileBase}.csv"`, ...NO_STORE },
      });
    }
    return Response.json({ ...toJson(comparison, before, after), latencyCost, baseline: summary(baseline), to, permalink } satisfies ComparisonResponse, {
      headers: NO_STORE,
    });
  });
}

async function findBaseline(targetId: string, baselineId: string): Promise<Baseline> {
  findPoller(targetId);
  const baseline = BASELINE_ID.test(baselineId) ? await getHub().baselines.get(baselineId) : null;
  if (!baseline || baseline.targetId !== targetId) throw new AppError('not_found', `no baseline "${baselineId.slice(0, 40)}" on ${targetId}`);
  return baseline;
}

/** `now`, another baseline of the same target, or `run:<ms>`: the end of the defrag run that started then. */
async function resolveMoment(poller: TargetPoller, to: string): Promise<Moment> {
  const targetId = poller.target.id;
  if (to === 'now') {
    const snapshot = getHub().currentSnapshot(targetId);
    if (!snapshot) throw new AppError('unavailable', `no recent good sample of ${targetId}: is the server reachable?`);
    return momentFromSnapshot(snapshot, 'now');
  }
  if (BASELINE_ID.test(to)) {
    const other = await getHub().baselines.get(to);
    if (!other) throw new AppError('not_found', `no baseline "${to}"`);
    if (other.targetId !== targetId)
      throw new AppError('conflict', `baseline ${to} belongs to ${other.targetId}: comparing two different servers proves nothing`);
    return momentFromSnapshot(other.snapshot, `baseline "${other.name}"`);
  }
  const run = /^run:(\d{10,15})$/.exec(to);
  if (run) {
    const at = Number(run[1]);
    // The whole 1 s tier, so the run's true start is found however /runs was windowed; any time
    // inside the run names it.
    const store = await getHub().historyOf(poller);
    const runs = detectRuns(store.defragSamples(0, Date.now()), { maxGapMs: store.idleMaxGapMs });
    const found = runs.find((r) => r.start.at <= at && at <= (r.end?.at ?? Infinity));
    if (!found) throw new AppError('not_found', `no defrag run at ${new Date(at).toISOString()} in the history (the 1 s history keeps 24 h)`);
    const start = found.start.at;
    if (!found.end) throw new AppError('conflict', 'that defrag run is still going: compare with now, or wait for it to end');
    // The RSS drop lands after the run (the allocator's delayed return of pages): "the end of the
    // run" is where RSS settled, the figure /runs reports as reclaimedRssBytes.
    if (found.endReason === 'idle' && !found.settled && found.lazyfreePending) {
      throw new AppError(
        'conflict',
        `that defrag run ended but its figures are held back: waiting for lazy free (${found.lazyfreePending} objects pending); compare again once lazyfree_pending_objects is 0`,
      );
    }
    if (found.endReason === 'idle' && !found.settled) {
      throw new AppError('conflict', 'that defrag run just ended and RSS is still settling (up to a minute): compare again shortly');
    }
    const sample = store.sampleAt((found.settled ?? found.end).at);
    if (!sample) throw new AppError('not_found', 'the history has no good sample at the end of that run');
    // The history keeps no run_id; a restart still shows as counters going backwards.
    return momentFromFigures(sample.at, `end of the defrag run started ${new Date(start).toISOString()}`, targetId, null, sample.values);
  }
  throw new AppError('bad_request', 'to must be now, a baseline id, or run:<start ms> (see /api/targets/{id}/runs)');
}
