import 'server-only';
import type Redis from 'ioredis';
import { targetAlertStateSchema, type TargetAlertState } from '@/lib/alerts/state';
import { leaseKey, STATE_KEYS } from '../redis/state-keys';

/** The fencing token of the lease this replica acts on for a target (replication.ts), or null. */
export type FenceToken = (targetId: string) => string | null;

// Writes each state only while the target's lease still holds the writer's token, in one step:
// a replica cut off from the state Redis, whose lease another replica has since taken, cannot
// overwrite the new holder's alert state when its delayed write finally arrives.
const FENCED_HSET = `local written = 0
for i = 2, #KEYS do
  local base = (i - 2) * 3
  if redis.call('get', KEYS[i]) == ARGV[base + 1] then
    redis.call('hset', KEYS[1], ARGV[base + 2], ARGV[base + 3])
    written = written + 1
  end
end
return written`;

/**
 * With replicas: each target's alert state in one hash of the state Redis, written by the replica
 * that polls the target. Any replica shows the same open alerts, and a replica that takes a target
 * over resumes its state instead of firing an open alert again.
 */
export class SharedAlertState {
  constructor(
    private readonly client: Redis,
    readonly key: string = STATE_KEYS.alertStates,
    /** With replicas: only states of targets whose lease this replica holds are written, fenced by its token. */
    private readonly fence?: FenceToken,
  ) {}

  /** Returns how many states were written (fenced ones whose lease moved on are not). */
  async save(states: readonly TargetAlertState[]): Promise<number> {
    if (states.length === 0) return 0;
    if (!this.fence) {
      await this.client.hset(this.key, Object.fromEntries(states.map((s) => [s.targetId, JSON.stringify(s)])));
      return states.length;
    }
    const keys: string[] = [this.key];
    const args: string[] = [];
    for (const state of states) {
      const token = this.fence(state.targetId);
      if (token === null) continue;
      keys.push(leaseKey(state.targetId));
      args.push(token, state.targetId, JSON.stringify(state));
    }
    if (keys.length === 1) return 0;
    return Number(await this.client.eval(FENCED_HSET, keys.length, [...keys, ...args]));
  }

  async load(targetId: string): Promise<TargetAlertState | null> {
    return parse(await this.client.hget(this.key, targetId));
  }

  async loadAll(): Promise<TargetAlertState[]> {
    const all = await this.client.hgetall(this.key);
    return Object.values(all).flatMap((text) => {
      const state = parse(text);
      return state ? [state] : [];
    });
  }
}

function parse(text: string | null): TargetAlertState | null {
  if (!text) return null;
  try {
    const parsed = targetAlertStateSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
