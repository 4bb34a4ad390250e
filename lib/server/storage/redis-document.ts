import 'server-only';
import type Redis from 'ioredis';
import { createSerialQueue } from '@/lib/serial-queue';
import { FencedOutError, type DocumentFence, type DocumentStore } from './record-log';

const MAX_ATTEMPTS = 20;

/** A JSON document in one key of the state Redis, changed with WATCH/MULTI so replicas never lose each other's changes. */
export class RedisDocument implements DocumentStore {
  readonly shared = true;

  constructor(
    /** A connection of its own: WATCH is per connection. */
    private readonly client: Redis,
    readonly key: string,
  ) {}

  read(): Promise<string | null> {
    return this.client.get(this.key);
  }

  private readonly transactions = createSerialQueue();

  /** One transaction at a time on this connection: WATCH belongs to the connection, not the caller. */
  update(change: (current: string | null) => string, fence: DocumentFence | null = null): Promise<string> {
    return this.transactions.run(() => this.transact(change, fence));
  }

  private async transact(change: (current: string | null) => string, fence: DocumentFence | null): Promise<string> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Watching the lease too: if it changes hands between this check and EXEC, EXEC does nothing.
      await this.client.watch(...(fence ? [this.key, fence.key] : [this.key]));
      if (fence && (await this.client.get(fence.key)) !== fence.token) {
        await this.client.unwatch();
        throw new FencedOutError(fence);
      }
      const current = await this.client.get(this.key);
      let next: string;
      try {
        next = change(current);
      } catch (error) {
        await this.client.unwatch();
        throw error;
      }
      const result = await this.client.multi().set(this.key, next).exec();
      if (result !== null) return next; // null: another replica changed it first; read again
    }
    throw new Error(`${this.key} kept changing under us (${MAX_ATTEMPTS} attempts)`);
  }
}
