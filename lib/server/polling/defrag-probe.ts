import 'server-only';
import type Redis from 'ioredis';
import { versionAtLeast } from '@/lib/decision/version';

export interface DefragSupport {
  supported: boolean | null;
  /** Redis's own refusal text when unsupported, or why the probe could not tell. */
  reason: string | null;
}

/**
 * Side-effect-free probe (Redis/Valkey 7.0+): a multi-parameter CONFIG SET is all-or-nothing and
 * sets values in order, so `activedefrag yes` is rolled back when the deliberately invalid
 * `active-defrag-cycle-min 0` fails. The error names the first argument that failed:
 * 'activedefrag' means this build cannot defrag; 'active-defrag-cycle-min' means it can.
 */
export async function probeDefragSupport(client: Pick<Redis, 'call'>, version: string | null, activedefrag: boolean | null): Promise<DefragSupport> {
  if (activedefrag === true) return { supported: true, reason: null };
  if (!versionAtLeast(version, 7)) {
    return { supported: null, reason: 'the probe needs Redis 7.0+ (atomic multi-parameter CONFIG SET)' };
  }
  try {
    await client.call('CONFIG', 'SET', 'activedefrag', 'yes', 'active-defrag-cycle-min', '0');
    // Cannot happen on a real server (cycle-min 0 is out of range); if it did, undo what we set.
    await client.call('CONFIG', 'SET', 'activedefrag', activedefrag ? 'yes' : 'no', 'active-defrag-cycle-min', '1');
    return { supported: null, reason: 'the server accepted an out-of-range value; support unknown' };
  } catch (error) {
    return interpretProbeError((error as Error).message);
  }
}

export function interpretProbeError(message: string): DefragSupport {
  if (message.includes("'active-defrag-cycle-min'")) return { supported: true, reason: null };
  if (/Active defragmentation cannot be enabled/i.test(message)) return { supported: false, reason: message };
  return { supported: null, reason: `could not probe: ${message}` };
}
