import 'server-only';
import { open, stat } from 'node:fs/promises';
import type { z } from 'zod';
import { createSerialQueue } from '@/lib/serial-queue';
import { appendLineDurably } from './durable-file';
import { parseRecord, type RecordLog } from './record-log';

/**
 * An append-only file of JSON lines, the store behind everything the user saves (audit log,
 * baselines). Each append is fsynced before it resolves. Reading is incremental (only what was
 * appended since) and tolerant: a line that does not parse (torn by a crash) is counted and
 * skipped, so it never hides the records before or after it.
 */
export class JsonlLog<T> implements RecordLog<T> {
  private readonly appends = createSerialQueue();
  private records: T[] = [];
  private readOffset = 0;
  private unreadable = 0;
  private partial = '';

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {}

  /** Appends durably; appends are serialised within the process. */
  append(record: T): Promise<void> {
    const line = JSON.stringify(this.schema.parse(record));
    return this.appends.run(() => appendLineDurably(this.file, line));
  }

  /** Every readable record in file order, and how many lines could not be read. */
  async readAll(): Promise<{ records: readonly T[]; unreadableLines: number }> {
    await this.refresh();
    // A torn last line (no newline yet) counts as unreadable until the next append closes it.
    return { records: this.records, unreadableLines: this.unreadable + (this.partial.trim() ? 1 : 0) };
  }

  private readonly reads = createSerialQueue();

  /** Reads take turns: two overlapping reads of the same new bytes would record them twice. */
  private refresh(): Promise<void> {
    return this.reads.run(() => this.readNew());
  }

  private async readNew(): Promise<void> {
    await this.appends.idle();
    let size: number;
    try {
      size = (await stat(this.file)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (size < this.readOffset) this.reset(); // replaced or truncated by hand: read it again
    if (size === this.readOffset) return;
    const handle = await open(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.readOffset);
      await handle.read(buffer, 0, buffer.length, this.readOffset);
      this.readOffset = size;
      this.ingest(buffer.toString('utf8'));
    } finally {
      await handle.close();
    }
  }

  private ingest(text: string): void {
    const lines = (this.partial + text).split('\n');
    // Without a final newline the last piece may still be mid-write (or torn): keep it for later.
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line.trim() === '') continue;
      const record = parseRecord(this.schema, line);
      if (record === null) this.unreadable++;
      else this.records.push(record);
    }
  }

  private reset(): void {
    this.records = [];
    this.readOffset = 0;
    this.unreadable = 0;
    this.partial = '';
  }
}
