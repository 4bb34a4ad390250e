import 'server-only';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { runNowRequestSchema, type WindowCreated, type WindowDeleted, type WindowList, type WindowView } from '@/lib/windows/api-schema';
import { findPreset, PRESET_IDS } from '@/lib/config-params';
import {
  activeOccurrence,
  describeWindow,
  findOverlap,
  nextOccurrences,
  SELF_OVERLAP_ID,
  windowSpecSchema,
  type StoredWindow,
  type WindowSpec,
} from '@/lib/windows';
import { requireWriter } from '../session/admin-guard';
import { cachedConfigAvailability } from '../config/config-read';
import { AppError } from '../core/errors';
import { handle } from '../core/handle';
import { findPoller } from '../http/find-target';
import { getHub, type Hub } from '../core/hub';
import { parseWith, readJsonBody } from '../http/read-json-body';
import { writeAccess } from '../session/write-access';

const NEXT_SHOWN = 3;
const WINDOW_ID = /^w-[a-f0-9]{12}$/;
const objectSchema = z.record(z.string(), z.unknown(), { error: 'the body must be a JSON object' });

/** GET /api/targets/{id}/windows: the schedule with each window's next occurrences. */
export function windowListResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const poller = findPoller(targetId);
    const hub = getHub();
    await hub.windows.load();
    if (hub.windows.loadProblem) throw new AppError('internal', hub.windows.loadProblem);
    const now = Date.now();
    const active = hub.windows.active(targetId);
    const { entries } = await hub.audit.list({ targetId, limit: 1000 });
    const lastStart = (id: string) => {
      const entry = entries.find((e) => e.action === 'window-start' && e.windowId === id);
      return entry ? { at: entry.at, result: entry.result, error: entry.error } : null;
    };
    const windows: WindowView[] = hub.windows.windows(targetId).map((w) => ({
      ...w,
      description: describeWindow(w),
      next: nextOccurrences(w, now, NEXT_SHOWN),
      running: active?.windowId === w.id,
      lastStart: lastStart(w.id),
    }));
    // The editor's last CONFIG check (no Redis call here): a server that forbids CONFIG is read-only for windows too.
    const configUnavailable = cachedConfigAvailability(targetId);
    const list: WindowList = { windows, now, access: writeAccess(request, hub.config.adminTokens, poller.target, configUnavailable) };
    return Response.json(list, { headers: { 'Cache-Control': 'no-store' } });
  });
}

/** POST: a window spec, or `{ "runNowMinutes": N, "preset": "..." }` for a one-off window starting now. */
export function windowCreateResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const { hub, actor } = guard(targetId, request);
    const raw = await readJsonBody(request, objectSchema, 'a window spec, or { "runNowMinutes": 30, "preset": "low-latency" }');
    const body =
      'runNowMinutes' in raw
        ? parseWith(runNowRequestSchema, raw, '{ "runNowMinutes": 30, "preset": "low-latency" }')
        : parseWith(windowSpecSchema, raw, 'a window spec');
    // A misspelt field ("timezone") must not be dropped silently: the window would not be what was asked.
    const unknown = Object.keys(raw).filter((key) => !(key in body));
    if (unknown.length > 0) throw new AppError('invalid', `unknown field(s) in the window: ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}`);
    const now = Date.now();
    const spec: WindowSpec =
      'runNowMinutes' in body
        ? {
            kind: 'once',
            start: new Date(now).toISOString(),
            end: new Date(now + body.runNowMinutes * 60_000).toISOString(),
            preset: body.preset,
            ...(body.label ? { label: body.label } : {}),
          }
        : body;
    if (!findPreset(spec.preset)) throw new AppError('invalid', `unknown preset "${spec.preset}": use one of ${PRESET_IDS.join(', ')}`);
    const window: StoredWindow = { ...spec, id: `w-${randomBytes(6).toString('hex')}`, targetId, createdAt: new Date(now).toISOString(), createdBy: actor };
    // Checked inside the store's serialised update: two concurrent overlapping windows cannot both pass.
    const refuseOverlap = (stored: readonly StoredWindow[]) => {
      const existing = stored.filter((w) => w.targetId === targetId);
      const clash = findOverlap(
        existing.map((w) => ({ id: w.id, spec: w })),
        spec,
        now,
      );
      if (!clash) return;
      const when = `${new Date(clash.start).toISOString()} – ${new Date(clash.end).toISOString()}`;
      const message =
        clash.id === SELF_OVERLAP_ID
          ? `this window overlaps its own next occurrence (${when}): shorten it`
          : `overlaps the window "${describeWindow(existing.find((w) => w.id === clash.id)!)}" at ${when}: one target runs one window at a time`;
      throw new AppError('conflict', message);
    };
    await hub.windows.load();
    refuseOverlap(hub.windows.windows(targetId)); // the common case, without an audit entry; the store checks again
    await auditedWindowChange(hub, window, actor, 'window-created', () => hub.windows.addWindow(window, refuseOverlap));
    // A window that is already due (run now) starts within this request, not on the next tick.
    if (activeOccurrence(window, now)) await hub.scheduler.tick();
    return Response.json(
      {
        window: {
          ...window,
          description: describeWindow(window),
          next: nextOccurrences(window, Date.now(), NEXT_SHOWN),
          running: hub.windows.active(targetId)?.windowId === window.id,
        },
      } satisfies WindowCreated,
      { status: 201 },
    );
  });
}

/** DELETE ?id=<window id>. A running window ends at once: the scheduler restores the saved values. */
export function windowDeleteResponse(targetId: string, request: Request): Promise<Response> {
  return handle(async () => {
    const { hub, actor } = guard(targetId, request);
    const id = new URL(request.url).searchParams.get('id') ?? '';
    await hub.windows.load();
    const window = WINDOW_ID.test(id) ? hub.windows.windows(targetId).find((w) => w.id === id) : undefined;
    if (!window) throw new AppError('not_found', `no window "${id.slice(0, 40)}" on ${targetId}`);
    await auditedWindowChange(hub, window, actor, 'window-deleted', () => hub.windows.removeWindow(id));
    const wasRunning = hub.windows.active(targetId)?.windowId === id;
    if (wasRunning) await hub.scheduler.tick();
    return Response.json({ deleted: id, restored: wasRunning && hub.windows.active(targetId) === null } satisfies WindowDeleted);
  });
}

function guard(targetId: string, request: Request): { hub: Hub; actor: string } {
  const poller = findPoller(targetId);
  const hub = getHub();
  const actor = requireWriter(request, hub.config.adminTokens);
  if (poller.target.readonly) throw new AppError('forbidden', `${poller.target.name} is configured read-only: the dashboard never writes to it`);
  return { hub, actor };
}

/**
 * Intent first: the audit entry is stored (as `unknown`) before the window change, so a kill
 * between the two never leaves a change nobody audited; then the outcome under the same id. A
 * refused change (an overlap) is settled as invalid; one that cannot be audited is not made.
 */
async function auditedWindowChange(hub: Hub, window: StoredWindow, actor: string, action: 'window-created' | 'window-deleted', change: () => Promise<unknown>) {
  const entry = windowAudit(window, actor, action);
  const intent = await hub.audit.intend(entry);
  try {
    await change();
  } catch (error) {
    const refused = error instanceof AppError && error.code === 'conflict';
    await hub.audit.settle(intent, { ...entry, result: refused ? 'invalid' : 'failed', error: (error as Error).message.slice(0, 500) }).catch(() => undefined);
    throw error;
  }
  await hub.audit.settle(intent, entry);
}

function windowAudit(window: StoredWindow, actor: string, action: 'window-created' | 'window-deleted') {
  return {
    targetId: window.targetId,
    actor,
    action,
    requested: {},
    before: {},
    after: null,
    result: 'applied' as const,
    error: null,
    windowId: window.id,
    note: `${describeWindow(window)}, preset ${window.preset}`,
  };
}
