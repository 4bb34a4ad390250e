import 'server-only';
import type Redis from 'ioredis';
import type { z } from 'zod';
import { createSerialQueue } from '@/lib/serial-queue';
import { parseRecord, type RecordLog } from './record-log';

/**
 * A record log in a Redis list of the dashboard's own state server (never a monitored one): RPUSH
 * is atomic, so concurrent replicas never interleave half records, and reads are incremental.
 * Durability is the state server's: run it with `appendonly yes` and `appendfsync always`.
 */
export class RedisRecordLog<T> implements RecordLog<T> {
  private records: T[] = [];
  private readCount = 0;
  private unreadable = 0;
  private readonly reads = createSerialQueue();

  constructor(
    private readonly client: Redis,
    readonly key: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  async append(record: T): Promise<void> {
    await this.client.rpush(this.key, JSON.stringify(this.schema.parse(record)));
  }

  async readAll(): Promise<{ records: readonly T[]; unreadableLines: number }> {
    await this.reads.run(() => this.readNew());
    return { records: this.records, unreadableLines: this.unreadable };
  }

  private async readNew(): Promise<void> {
    const length = await this.client.llen(this.key);
    if (length < this.readCount) {
      // Trimmed or replaced by hand: read it again from the start.
      this.records = [];
      this.readCount = 0;
      this.unreadable = 0;
    }
    if (length === this.readCount) return;
    const lines = await this.client.lrange(this.key, this.readCount, length - 1);
    this.readCount += lines.length;
    for (const line of lines) {
      const record = parseRecord(this.schema, line);
      if (record === null) this.unreadable++;
      else this.records.push(record);
    }
  }
}
