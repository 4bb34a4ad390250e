import 'server-only';
import type Redis from 'ioredis';
import { targetAlertStateSchema, type TargetAlertState } from '@/lib/alerts/state';
import { STATE_KEYS } from '../redis/state-keys';

/**
 * With replicas: each target's alert state in one hash of the state Redis, written by the replica
 * that polls the target. Any replica shows the same open alerts, and a replica that takes a target
 * over resumes its state instead of firing an open alert again.
 */
export class SharedAlertState {
  constructor(
    private readonly client: Redis,
    readonly key: string = STATE_KEYS.alertStates,
  ) {}

  async save(states: readonly TargetAlertState[]): Promise<void> {
    if (states.length === 0) return;
    await this.client.hset(this.key, Object.fromEntries(states.map((s) => [s.targetId, JSON.stringify(s)])));
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
