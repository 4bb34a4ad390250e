import 'server-only';
import { processGlobal } from '../core/process-global';

/**
 * Session ids that signed out, kept until their cookie would have expired anyway, so a copied
 * cookie replayed after sign-out gets 401. Per process: with replicas behind one address a
 * sign-out is honoured by the replica that served it (and all replicas when the token changes).
 */
const revoked = processGlobal('fragscope.revokedSessions', () => new Map<string, number>());

export function revokeSession(id: string, expiresAtMs: number, now = Date.now()): void {
  prune(now);
  revoked.set(id, expiresAtMs);
}

export function isRevoked(id: string): boolean {
  return revoked.has(id);
}

/** Drops entries whose cookie has expired: the map holds at most the sessions of the last 12 h. */
function prune(now: number): void {
  for (const [id, expiresAt] of revoked) if (expiresAt <= now) revoked.delete(id);
}
