import 'server-only';

/**
 * Every key and channel the dashboard uses on its state Redis (FRAGSCOPE_STATE_REDIS_URL), in one
 * place: all replicas of every version must agree on them, and an operator inspecting or backing
 * up that server can see what is there. Never used on a monitored server.
 */
export const STATE_KEYS = {
  /** List: the audit log, one JSON entry per element (RPUSH). */
  audit: 'fragscope:audit',
  /** List: the baselines, one JSON record per element. */
  baselines: 'fragscope:baselines',
  /** String: the maintenance windows document (WATCH/MULTI). */
  windows: 'fragscope:windows',
  /** Hash: each target's alert state, by target id. */
  alertStates: 'fragscope:alert-states',
  /** Pub/sub channel: the lease holder publishes every sample here for the other replicas. */
  samplesChannel: 'fragscope:samples',
} as const;

/** String with a TTL: which replica polls the target (SET NX PX, renewed while held). */
export function leaseKey(targetId: string): string {
  return `fragscope:lease:${targetId}`;
}

/** INCR'd on every take of a target's lease: the epoch part of the fencing token. */
export function leaseEpochKey(targetId: string): string {
  return `fragscope:lease-epoch:${targetId}`;
}

/** List of sealed history chunks of a target, oldest first (RPUSH, LTRIM, PEXPIRE; history-persistence.ts). */
export function historySealedKey(targetId: string): string {
  return `fragscope:history:${targetId}:sealed`;
}

/** String: the target's newest, still-growing history chunk, rewritten by the lease holder every flush. */
export function historyOpenKey(targetId: string): string {
  return `fragscope:history:${targetId}:open`;
}

/** Sorted set: live replicas by their last heartbeat (ms, the state Redis's clock), to split the targets evenly. */
export const REPLICAS_KEY = 'fragscope:replicas';
