import 'server-only';
import type Redis from 'ioredis';
import type { PurgeFigures, PurgeResult } from '@/lib/allocator/api-schema';
import { formatBytes } from '@/lib/format';
import { parseInfoText, readInfoFields } from '@/lib/info-parser';
import type { NewAuditEntry } from '../audit/audit-log';
import { AppError } from '../core/errors';
import { getHub } from '../core/hub';
import { withTargetLock } from '../core/target-lock';
import { findPoller } from '../http/find-target';
import { isReplyError, redisErrorText, withAdminConnection } from '../redis/admin-connection';
import { forgetAnatomy } from './allocator-routes';
import { finishPurge, purgeRetryAfterMs, purgeUnavailableReason, startPurge } from './purge-limiter';

/**
 * MEMORY PURGE, guarded and audited like a config change: the caller is a signed-in writer (the
 * route checks), the target is not read-only, the per-target limit holds, and the intent is on
 * disk before the command is sent (audit-log.ts `intend`), so a purge nobody audited never
 * happens; the outcome (who, when, RSS before and after, result) settles it.
 */
export async function memoryPurge(targetId: string, actor: string): Promise<PurgeResult> {
  const poller = findPoller(targetId);
  const { target } = poller;
  if (target.readonly) throw new AppError('forbidden', `${target.name} is configured read-only: the dashboard never writes to it`);
  const unavailable = purgeUnavailableReason(poller.latest()?.server.allocator ?? null);
  if (unavailable) throw new AppError('conflict', `MEMORY PURGE is not offered on ${target.name}: ${unavailable}`);
  if (!startPurge(targetId)) {
    const wait = Math.ceil((purgeRetryAfterMs(targetId) ?? 0) / 1000);
    throw new AppError(
      'rate_limited',
      `${target.name} was purged less than a minute ago (one MEMORY PURGE per target per minute): try again in ${wait} s`,
      {},
      {
        'retry-after': String(wait),
      },
    );
  }
  try {
    const hub = getHub();
    // The server refreshes the figures INFO prints (RSS, allocator stats) in its cron, every 1000/hz ms.
    const hz = poller.latest()?.info.hz ?? 10;
    const refreshMs = Math.min(2000, Math.max(250, Math.ceil((1000 / Math.max(1, hz)) * 2.5)));
    return await withTargetLock(targetId, () =>
      withAdminConnection(target, hub.config.tlsCa, async (client) => {
        const before = await readFigures(client);
        const entry = (result: NewAuditEntry['result'], after: PurgeFigures | null, error: string | null, note: string): NewAuditEntry => ({
          targetId,
          actor,
          action: 'memory-purge',
          requested: {},
          before: {},
          after: null,
          result,
          error,
          note,
          memory: { before: { ...before }, after: after ? { ...after } : null },
        });
        const intent = await hub.audit.intend(entry('unknown', null, null, 'MEMORY PURGE'));
        const started = performance.now();
        try {
          await client.call('MEMORY', 'PURGE');
        } catch (error) {
          const text = redisErrorText(error, target);
          if (!isReplyError(error)) {
            // Sent, and the connection broke: it may have run. The intent stays `unknown`.
            throw new AppError('unavailable', `${target.name}: the connection broke during MEMORY PURGE (it may have run): ${text}`);
          }
          await hub.audit.settle(intent, entry('refused', null, text, 'MEMORY PURGE refused by the server'));
          // Renamed away (unknown command), forbidden by ACL (NOPERM), or a server too old for it.
          throw new AppError('redis_refused', `MEMORY PURGE is not available on ${target.name}: ${text}`, { auditId: intent.id });
        }
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        await new Promise((resolve) => setTimeout(resolve, refreshMs));
        const after = await readFigures(client).catch(() => ({ used_memory_rss: null, allocator_resident: null, allocator_rss_bytes: null }));
        const released = before.used_memory_rss !== null && after.used_memory_rss !== null ? before.used_memory_rss - after.used_memory_rss : null;
        const note = `MEMORY PURGE took ${durationMs} ms; used_memory_rss ${formatBytes(before.used_memory_rss)} → ${formatBytes(after.used_memory_rss)}`;
        const settled = await hub.audit.settle(intent, entry('applied', after, null, note));
        forgetAnatomy(targetId);
        return { auditId: settled.id, actor, at: Date.parse(settled.at), before, after, releasedRssBytes: released, durationMs };
      }),
    );
  } finally {
    finishPurge(targetId);
  }
}

async function readFigures(client: Redis): Promise<PurgeFigures> {
  const { info } = readInfoFields(parseInfoText(String(await client.info('memory'))));
  return { used_memory_rss: info.used_memory_rss, allocator_resident: info.allocator_resident, allocator_rss_bytes: info.allocator_rss_bytes };
}
