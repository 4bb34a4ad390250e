import 'server-only';
import { joinClauses } from '@/lib/format';
import type Redis from 'ioredis';
import type { AuditAction } from '@/lib/audit/api-schema';
import type { ConfigApplyResult, ConfigValues, RewriteOutcome } from '@/lib/config-params/api-schema';
import { findParam, parseParamValue, validateChanges, type RawValue } from '@/lib/config-params';
import { versionAtLeast } from '@/lib/decision/version';
import { isReplyError, redisErrorText, withAdminConnection } from '../redis/admin-connection';
import type { AuditLog } from '../audit/audit-log';
import type { TargetConfig } from '../core/env';
import { readConfigValues, readServerConfig } from './config-read';
import { AppError } from '../core/errors';
import { withTargetLock } from '../core/target-lock';

export interface ApplyContext {
  target: TargetConfig;
  tlsCa: string | null;
  audit: AuditLog;
  /** Called after a write so the live view shows the new values within a poll. */
  onWritten?: () => void;
  /** The poller's last known config: bad input still gets its 422 while the server is down. */
  lastKnown?: () => { values: ConfigValues; identity: { engine: 'redis' | 'valkey' | null; version: string | null } } | null;
}

/** What the server holds, for changes that depend on it (a preset keeps only the parameters the server has). */
export interface ServerFacts {
  identity: { engine: 'redis' | 'valkey' | null; version: string | null };
  reported: ReadonlySet<string>;
  /** `CONFIG GET active*` as read just now (a window's end skips what an operator changed meanwhile). */
  values: ConfigValues;
}

export interface ApplyRequest {
  changes: Record<string, RawValue> | ((server: ServerFacts) => Record<string, RawValue>);
  rewrite: boolean;
  actor: string;
  action: AuditAction;
  revertOf?: string | null;
  windowId?: string | null;
  note?: string | null | ((server: ServerFacts) => string | null);
  /** Scheduler and revert: values equal to the server's are fine (nothing to do is not an error). */
  allowNoop?: boolean;
  /** Runs after validation and before the write, with every requested parameter's current value. */
  beforeWrite?: (before: ConfigValues) => Promise<void>;
}

export interface ApplyOutcome extends ConfigApplyResult {
  /** Every requested parameter's value before, including the ones already equal (the window scheduler restores these). */
  snapshotBefore: ConfigValues;
}

/**
 * The one write path to a server's config, used by the editor, revert and the window scheduler:
 * validate against what the server holds now, audit the intent, one atomic CONFIG SET (Redis 7.0+)
 * or one by one with rollback, read back, optionally CONFIG REWRITE, and audit the outcome.
 */
export function applyConfigChange(ctx: ApplyContext, request: ApplyRequest): Promise<ApplyOutcome> {
  return withTargetLock(ctx.target.id, () => applyLocked(ctx, request));
}

async function applyLocked(ctx: ApplyContext, request: ApplyRequest): Promise<ApplyOutcome> {
  const { target, audit } = ctx;
  let note = typeof request.note === 'function' ? null : (request.note ?? null);
  const base = () => ({
    targetId: target.id,
    actor: request.actor,
    action: request.action,
    revertOf: request.revertOf ?? null,
    windowId: request.windowId ?? null,
    note,
  });
  let changes = typeof request.changes === 'function' ? null : request.changes;
  const rawRequested = () => Object.fromEntries(Object.entries(changes ?? {}).map(([k, v]) => [k, String(v)]));
  /** The values of the touched parameters before the attempt, as soon as they are known (never `{}` after a read). */
  let before: ConfigValues = {};
  const failed = async (result: 'invalid' | 'refused' | 'failed', error: string, values: ConfigValues, after: ConfigValues | null) =>
    (await audit.append({ ...base(), requested: rawRequested(), before: values, after, result, error, rewrite: null })).id;

  // Names first, before Redis is touched: an unknown name is the same 422 whether the server is up or down.
  if (changes) {
    const fields = staticErrors(changes);
    if (fields) {
      const message = Object.entries(fields)
        .map(([param, text]) => `${param}: ${text}`)
        .join('; ');
      const auditId = await failed('invalid', message, {}, null);
      throw new AppError('invalid', message, { fields, auditId });
    }
  }

  let connected = false;
  try {
    return await withAdminConnection(target, ctx.tlsCa, async (client) => {
      connected = true;
      const read = await readServerConfig(client, target);
      if (read.configUnavailable) {
        const auditId = await failed('refused', read.configUnavailable, {}, null);
        throw new AppError('forbidden', `CONFIG is not available on this server: ${read.configUnavailable}`, { auditId });
      }
      const current: ConfigValues = Object.fromEntries(read.values);
      const facts: ServerFacts = { identity: read.identity, reported: new Set(read.values.keys()), values: current };
      if (typeof request.changes === 'function') changes = request.changes(facts);
      if (typeof request.note === 'function') note = request.note(facts);
      const wanted = changes ?? {};
      const checked = validateChanges(wanted, current, read.identity, facts.reported);
      const touched = Object.keys(wanted);
      const snapshotBefore = pick(current, touched);
      before = snapshotBefore;
      if (!checked.ok) {
        const onlyNoop = request.allowNoop && Object.keys(checked.errors).length === 1 && checked.errors._form?.startsWith('Nothing to change');
        if (!onlyNoop) {
          const message = joinClauses(Object.entries(checked.errors).map(([param, text]) => (param === '_form' ? text : `${param}: ${text}`)));
          const auditId = await failed('invalid', message, snapshotBefore, null);
          throw new AppError('invalid', message, { fields: checked.errors, auditId });
        }
        await request.beforeWrite?.(snapshotBefore);
        const entry = await audit.append({
          ...base(),
          requested: rawRequested(),
          before: snapshotBefore,
          after: snapshotBefore,
          result: 'applied',
          error: null,
          rewrite: null,
          note: joinNote(note, 'nothing to change: the server already held these values'),
        });
        return { before: snapshotBefore, after: snapshotBefore, requested: {}, rewrite: null, auditId: entry.id, snapshotBefore };
      }
      const normalized = checked.normalized;
      const names = Object.keys(normalized);
      before = pick(current, names);
      const outcome = (
        result: 'applied' | 'refused' | 'failed' | 'unknown',
        after: ConfigValues | null,
        error: string | null,
        rewrite: RewriteOutcome | null,
      ) => ({
        ...base(),
        requested: normalized,
        before,
        after,
        result,
        error,
        rewrite,
      });
      // Intent first: a change that cannot be audited (disk full) is not made, and a kill from here on leaves `unknown`.
      const intent = await audit.intend(outcome('unknown', null, null, null));
      try {
        await request.beforeWrite?.(snapshotBefore);
      } catch (error) {
        // Nothing was sent: the intent is settled as failed (if the disk lets us), the caller hears why.
        await audit.settle(intent, outcome('failed', null, (error as Error).message, null)).catch(() => undefined);
        throw error;
      }
      let after: ConfigValues;
      try {
        try {
          await setConfig(client, normalized, current, isAtomic(read.identity));
        } catch (error) {
          if (!isReplyError(error)) throw error;
          const text = redisErrorText(error, target);
          const refusedAfter = pick(Object.fromEntries(await readConfigValues(client)), names);
          const entry = await audit.settle(intent, outcome('refused', refusedAfter, text, null));
          throw new AppError('redis_refused', text, { auditId: entry.id });
        }
        after = pick(Object.fromEntries(await readConfigValues(client)), names);
      } catch (error) {
        if (error instanceof AppError) throw error;
        // The write was sent: it may have landed. Never report "nothing changed"; the retry re-reads.
        ctx.onWritten?.();
        const text = redisErrorText(error, target);
        const entry = await audit.settle(intent, outcome('unknown', null, `the connection broke after the change was sent: ${text}`, null));
        throw new AppError(
          'outcome_unknown',
          `the connection to ${target.name} broke after the change was sent, so it may or may not have been applied (${text}); ` +
            "reload to see the server's values: the audit entry keeps the values from before, so it can be reverted",
          { auditId: entry.id, outcome: 'unknown' },
        );
      }
      const rewrite = request.rewrite ? await rewriteConfig(client, ctx) : null;
      ctx.onWritten?.();
      const entry = await audit.settle(intent, outcome('applied', after, null, rewrite));
      return { before, after, requested: normalized, rewrite, auditId: entry.id, snapshotBefore };
    });
  } catch (error) {
    if (error instanceof AppError && error.code !== 'unavailable') throw error;
    const known = connected ? null : ctx.lastKnown?.();
    if (known && changes) {
      const checked = validateChanges(changes, known.values, known.identity);
      if (!checked.ok && !checked.errors._form) {
        const message = joinClauses(Object.entries(checked.errors).map(([param, text]) => `${param}: ${text}`));
        const auditId = await failed('invalid', message, pick(known.values, Object.keys(changes)), null);
        throw new AppError('invalid', message, { fields: checked.errors, auditId });
      }
    }
    // Unreachable, or the connection broke before anything was sent: audited as failed with what we know.
    const text = error instanceof AppError ? error.message : redisErrorText(error, target);
    const auditId = await failed('failed', text, before, null);
    throw new AppError('unavailable', connected ? `the connection to ${target.name} failed before the change was sent: ${text}` : text, { auditId });
  }
}

/** Valkey forked from 7.2, so every Valkey has the atomic multi-parameter CONFIG SET. */
function isAtomic(identity: { engine: string | null; version: string | null }): boolean {
  return identity.engine === 'valkey' || versionAtLeast(identity.version, 7);
}

export async function setConfig(client: Redis, changes: Record<string, string>, current: ConfigValues, atomic: boolean): Promise<void> {
  const entries = Object.entries(changes);
  if (atomic) {
    await client.call('CONFIG', 'SET', ...entries.flat());
    return;
  }
  // Before 7.0 each CONFIG SET stands alone: undo the ones that landed if a later one is refused.
  const done: string[] = [];
  try {
    for (const [name, value] of entries) {
      await client.call('CONFIG', 'SET', name, value);
      done.push(name);
    }
  } catch (error) {
    for (const name of done.reverse()) {
      const old = current[name];
      if (old != null) await client.call('CONFIG', 'SET', name, old).catch(() => undefined);
    }
    throw error;
  }
}

async function rewriteConfig(client: Redis, ctx: ApplyContext): Promise<RewriteOutcome> {
  try {
    await client.call('CONFIG', 'REWRITE');
    return { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: redisErrorText(error, ctx.target) };
  }
}

/**
 * With a name that is not a parameter ("constructor", "__proto__", a typo): a message per unknown
 * name and per value that cannot parse, without asking the server. Null when every name is known.
 */
function staticErrors(changes: Record<string, RawValue>): Record<string, string> | null {
  const entries = Object.entries(changes);
  if (entries.every(([name]) => findParam(name))) return null;
  const errors = new Map<string, string>();
  for (const [name, raw] of entries) {
    const spec = findParam(name);
    if (!spec) errors.set(name, `"${name.slice(0, 60)}" is not an active-defrag parameter`);
    else {
      const parsed = parseParamValue(spec, raw);
      if (!parsed.ok) errors.set(name, parsed.error);
    }
  }
  return Object.fromEntries(errors);
}

/** Own properties only: a name like "constructor" must not find Object.prototype's. */
function pick(values: ConfigValues, names: readonly string[]): ConfigValues {
  return Object.fromEntries(names.map((n) => [n, Object.hasOwn(values, n) ? (values[n] ?? null) : null]));
}

function joinNote(a: string | null | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
