import 'server-only';
import type { z } from 'zod';

/** One stored line back into a record: null when it is not JSON or not a valid record (torn, foreign). */
export function parseRecord<T>(schema: z.ZodType<T>, line: string): T | null {
  try {
    const parsed = schema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** An append-only log of records: a JSONL file (default) or a Redis list (shared by replicas). */
export interface RecordLog<T> {
  /** Resolves once the record is durable in the backend. */
  append(record: T): Promise<void>;
  /** Every readable record in order, and how many could not be read. */
  readAll(): Promise<{ records: readonly T[]; unreadableLines: number }>;
}

/** A small JSON document replaced as a whole (the maintenance windows), with read-modify-write. */
/**
 * A write made on the strength of a target's lease (replicas): it lands only while `key` (the lease)
 * still holds `token`, checked in the same transaction, so a replica that lost its lease cannot
 * overwrite what the new holder wrote.
 */
export interface DocumentFence {
  key: string;
  token: string;
}

/** The lease named by a fence is held by another replica now (or by nobody): the write was not made. */
export class FencedOutError extends Error {
  constructor(readonly fence: DocumentFence) {
    super(`lease ${fence.key} is no longer ours: the write was not made`);
    this.name = 'FencedOutError';
  }
}

export interface DocumentStore {
  /** The current text, or null when there is none yet. */
  read(): Promise<string | null>;
  /**
   * Applies `change` to the current text and stores the result atomically; with several writers
   * (replicas) a concurrent change makes it read and apply again. Returns the stored text.
   */
  update(change: (current: string | null) => string, fence?: DocumentFence | null): Promise<string>;
  /** True when other processes may change the document: readers must not trust a cached copy. */
  readonly shared: boolean;
}
