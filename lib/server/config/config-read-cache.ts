import 'server-only';
import { withAdminConnection } from '../redis/admin-connection';
import type { TargetConfig } from '../core/env';
import { processGlobal } from '../core/process-global';
import { readServerConfig, type ServerConfigRead } from './config-read';

const READ_SHARED_MS = 2000;

/**
 * One config read per target serves every viewer for a couple of seconds: a room of operators
 * opening the page is one INFO server + CONFIG GET, not one per browser. A write drops it.
 */
type Reads = Map<string, { at: number; read: Promise<ServerConfigRead> }>;
// Process-wide like the hub: the write path (via the hub) must clear the same cache the config route reads.
const reads: Reads = processGlobal('fragscope.config-reads', () => new Map());

export function sharedRead(target: TargetConfig, tlsCa: string | null): Promise<ServerConfigRead> {
  const cached = reads.get(target.id);
  if (cached && Date.now() - cached.at < READ_SHARED_MS) return cached.read;
  const read = withAdminConnection(target, tlsCa, (client) => readServerConfig(client, target));
  reads.set(target.id, { at: Date.now(), read });
  read.catch(() => reads.delete(target.id));
  return read;
}

/** After a write through the dashboard the next view must show it. */
export function forgetConfigRead(targetId: string): void {
  reads.delete(targetId);
}
