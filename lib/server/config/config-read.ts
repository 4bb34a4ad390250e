import 'server-only';
import type Redis from 'ioredis';
import { parseInfoText, readConfigFile, readConfigStrings, readServerIdentity } from '@/lib/info-parser';
import type { ServerIdentity } from '@/lib/snapshot';
import { isReplyError, redisErrorText } from '../redis/admin-connection';
import type { TargetConfig } from '../core/env';

export interface ServerConfigRead {
  identity: ServerIdentity;
  /** `CONFIG GET active*` as Redis-ready strings; empty when CONFIG is unavailable. */
  values: Map<string, string>;
  configFile: string | null;
  /** Redis's text when CONFIG GET or CONFIG SET is renamed away or forbidden by ACL (managed services). */
  configUnavailable: string | null;
}

const PROBE_TTL_MS = 5 * 60_000;
/** Per target and server run: whether CONFIG SET is allowed, so a page load does not send a refused write every time. */
const probeCache = new Map<string, { runId: string | null; at: number; configUnavailable: string | null }>();

/** Which target a read is for: the id keys the probe cache, the secret is scrubbed from Redis's text. */
export type ConfigReadTarget = Pick<TargetConfig, 'id' | 'secret'>;

/**
 * One INFO server and one CONFIG GET: what the editor shows and validates against. The CONFIG SET
 * probe runs once per server run (and every few minutes), per target. Only a definitive answer
 * (CONFIG renamed away, or forbidden by ACL) is cached: a transient error (LOADING, BUSY, ...) is
 * reported for this read and asked again next time.
 */
export async function readServerConfig(client: Redis, target?: ConfigReadTarget, now = Date.now()): Promise<ServerConfigRead> {
  const cacheKey = target?.id;
  // Redis's text goes to responses and the audit log: scrubbed here, the one place it enters.
  const scrub = (error: unknown) => (target ? redisErrorText(error, target) : (error as Error).message);
  const parsed = parseInfoText(String(await client.call('INFO', 'server')));
  const identity = readServerIdentity(parsed);
  const configFile = readConfigFile(parsed);
  let configUnavailable: string | null;
  let values = new Map<string, string>();
  try {
    values = readConfigStrings((await client.call('CONFIG', 'GET', 'active*')) as unknown[]);
    const cached = cacheKey ? probeCache.get(cacheKey) : undefined;
    configUnavailable =
      cached && cached.runId === identity.runId && now - cached.at < PROBE_TTL_MS ? cached.configUnavailable : await probeConfigSet(client, scrub);
  } catch (error) {
    if (!isReplyError(error)) throw error;
    configUnavailable = scrub(error);
  }
  if (cacheKey && (configUnavailable === null || isDefinitive(configUnavailable)))
    probeCache.set(cacheKey, { runId: identity.runId, at: now, configUnavailable });
  else if (cacheKey) probeCache.delete(cacheKey);
  return { identity, values, configFile, configUnavailable };
}

/** The last known CONFIG availability of a target (null: allowed, or never checked). No Redis call. */
export function cachedConfigAvailability(cacheKey: string): string | null {
  return probeCache.get(cacheKey)?.configUnavailable ?? null;
}

/** Re-reads just the config (after a write), by lower-case name. */
export async function readConfigValues(client: Redis): Promise<Map<string, string>> {
  return readConfigStrings((await client.call('CONFIG', 'GET', 'active*')) as unknown[]);
}

/**
 * May we CONFIG SET? An ACL can allow CONFIG GET and forbid SET. `active-defrag-cycle-min 0` is out
 * of range on every version, so Redis always refuses it: naming the parameter means SET is allowed,
 * NOPERM or "unknown command" means it is not. Nothing changes either way.
 */
async function probeConfigSet(client: Redis, scrub: (error: unknown) => string): Promise<string | null> {
  try {
    await client.call('CONFIG', 'SET', 'active-defrag-cycle-min', '0');
    return null; // unreachable on a real server; the editor's read-back would show the value
  } catch (error) {
    if (!isReplyError(error)) throw error;
    const message = (error as Error).message;
    return message.includes('active-defrag-cycle-min') ? null : scrub(error);
  }
}

/** CONFIG renamed away (unknown command / subcommand) or forbidden by ACL: true until the server changes. */
function isDefinitive(message: string): boolean {
  return /^NOPERM\b/.test(message) || /^ERR unknown (command|subcommand)\b/i.test(message);
}
