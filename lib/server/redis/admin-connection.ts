import 'server-only';
import type Redis from 'ioredis';
import { scrubSecret, type TargetConfig } from '../core/env';
import { AppError } from '../core/errors';
import { createAdminClient } from './clients';

/**
 * Runs config reads and writes on a connection of their own: a write never waits behind the
 * poller's INFO pipeline, and a poller reconnect never swallows a CONFIG SET. Writes are rare, so
 * one short-lived connection per operation is cheaper than keeping one open per target.
 */
export async function withAdminConnection<T>(target: TargetConfig, tlsCa: string | null, work: (client: Redis) => Promise<T>): Promise<T> {
  const client = createAdminClient(target, tlsCa);
  try {
    try {
      await client.connect();
    } catch (error) {
      throw new AppError('unavailable', `cannot reach ${target.name} (${target.address}): ${scrubSecret((error as Error).message, target)}`);
    }
    return await work(client);
  } finally {
    client.disconnect(false);
  }
}

/** Redis's error text, verbatim apart from the password (which Redis never echoes, but AUTH errors may). */
export function redisErrorText(error: unknown, target: Pick<TargetConfig, 'secret'>): string {
  return scrubSecret(error instanceof Error ? error.message : String(error), target);
}

/** A reply error from Redis (it answered and refused), as opposed to a broken connection. */
export function isReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ReplyError';
}
