import 'server-only';
import Redis, { Cluster, type RedisOptions } from 'ioredis';
import type { TargetConfig } from '../core/env';

/**
 * Every ioredis client the server opens, one builder per kind, so each kind's connection rules
 * (timeouts, retries, offline queue, TLS) are read and changed in one place. The lab CLI
 * (lib/lab/connect.ts), scripts and tests build their own.
 */

/** rediss:// verifies the server certificate; a private CA can be given (verification is never disabled). */
function targetTls(target: Pick<TargetConfig, 'tls'>, tlsCa: string | null | undefined) {
  return target.tls && tlsCa ? { tls: { ca: tlsCa } } : {};
}

/**
 * A monitored target's poller: one long-lived connection that must fail fast and come back fast.
 * The caller listens for 'error' (it becomes the snapshot's error text) and calls connect().
 */
export function createPollerClient(target: TargetConfig, options: { timeoutMs: number; tlsCa?: string | null }): Redis {
  return new Redis(target.url, {
    lazyConnect: true,
    // Fail fast while disconnected: a queued poll would answer late and out of order.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: Math.min(options.timeoutMs, 10_000),
    // Back off quickly but never wait more than 1 s: a returning server is seen within ~1 s.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.max(0, times - 1), 1000),
    autoResubscribe: false,
    enableAutoPipelining: false,
    ...targetTls(target, options.tlsCa),
  });
}

const ADMIN_CONNECT_TIMEOUT_MS = 5000;
const ADMIN_COMMAND_TIMEOUT_MS = 5000;

/**
 * A config read or write on a target: one short-lived connection per operation that never retries
 * or queues (an operator waits on it, and a write must never be sent twice). Errors surface
 * through the failing connect() or command, so the 'error' event is only silenced.
 */
export function createAdminClient(target: TargetConfig, tlsCa: string | null): Redis {
  const client = new Redis(target.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: ADMIN_CONNECT_TIMEOUT_MS,
    commandTimeout: ADMIN_COMMAND_TIMEOUT_MS,
    enableReadyCheck: true,
    ...targetTls(target, tlsCa),
  });
  client.on('error', () => {
    // Reported through the failing command or connect().
  });
  return client;
}

/**
 * A `cluster+redis://` target's topology client: it keeps a connection to whichever nodes answer
 * (the seed may die) and queues while it finds one, because a topology read may wait a moment;
 * the samples themselves come from each node's own poller. Built from host and port, so the
 * URL's credentials and TLS are passed on explicitly (an empty `tls` still means TLS).
 */
export function createClusterClient(target: TargetConfig, options: { tlsCa: string | null; refreshMs: number }): Cluster {
  const seed = new URL(target.url);
  return new Cluster([{ host: seed.hostname, port: Number(seed.port || 6379) }], {
    lazyConnect: true,
    enableOfflineQueue: true,
    slotsRefreshInterval: options.refreshMs,
    clusterRetryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    redisOptions: {
      username: seed.username ? decodeURIComponent(seed.username) : undefined,
      password: seed.password ? decodeURIComponent(seed.password) : undefined,
      maxRetriesPerRequest: 1,
      connectTimeout: 5000,
      ...(target.tls ? { tls: options.tlsCa ? { ca: options.tlsCa } : {} } : {}),
    },
  });
}

/**
 * A black-holed state Redis answers nothing: without a timeout a request (and an alert or
 * scheduler write) would wait forever. Below the 5 s lease, so a write fenced by a lease check
 * cannot land long after the lease it was checked against.
 */
const STATE_COMMAND_TIMEOUT_MS = 4000;

/** The state Redis (FRAGSCOPE_STATE_REDIS_URL) is ours, never monitored: its errors surface through commands. */
function stateClient(stateUrl: string, options: RedisOptions): Redis {
  const client = new Redis(stateUrl, options);
  client.on('error', () => undefined);
  return client;
}

/**
 * Shared state commands (audit log, baselines, alert states): a user's saved change should
 * survive a brief reconnect, so each command is retried twice; ioredis's default reconnect
 * (the state server is expected to come back, and nothing is timed by it).
 */
export function createStateCommandClient(stateUrl: string): Redis {
  return stateClient(stateUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000, commandTimeout: STATE_COMMAND_TIMEOUT_MS });
}

/** The windows document's WATCH/MULTI: WATCH belongs to a connection, so it gets one of its own. */
export function createStateWatcherClient(stateUrl: string): Redis {
  return stateClient(stateUrl, { maxRetriesPerRequest: 2, connectTimeout: 5000, commandTimeout: STATE_COMMAND_TIMEOUT_MS });
}

/**
 * Replication's leases and the sample relay (one command connection, one subscriber, since a
 * subscribed connection takes no other commands). One retry and a reconnect within 1 s: a lease
 * lives 5 s, so a replica must learn fast whether it still holds one. The command timeout is well
 * below the lease: a black-holed state Redis answers nothing, and a renewal that never returns
 * must fail in time for the next one (the replica stops acting on its own deadline anyway).
 */
export function createReplicationClient(stateUrl: string, commandTimeoutMs: number): Redis {
  return stateClient(stateUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: Math.min(5000, commandTimeoutMs * 2),
    commandTimeout: commandTimeoutMs,
    retryStrategy: (times: number) => Math.min(100 * 2 ** times, 1000),
  });
}

/**
 * History chunks to and from the state Redis (history-persistence.ts): a takeover loads up to a
 * day of chunks at once, which may take longer than a lease command may, so it has its own
 * connection and a longer timeout; writes are fenced by the lease token in the script itself.
 */
export function createHistoryStateClient(stateUrl: string): Redis {
  return stateClient(stateUrl, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    commandTimeout: 10_000,
    retryStrategy: (times: number) => Math.min(100 * 2 ** times, 1000),
  });
}
