import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { auditEntrySchema, type AuditEntry } from '@/lib/audit/api-schema';
import { JsonlLog } from '../storage/jsonl-log';
import type { RecordLog } from '../storage/record-log';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/**
 * The audit log: one JSON object per line in `<data dir>/audit.jsonl`, appended and fsynced
 * before the request that caused it is answered.
 */
export class AuditLog {
  private readonly log: RecordLog<AuditEntry>;
  /** The file, when the log is one (not with a shared state Redis). */
  readonly file: string;

  /** A data dir (the JSONL file) or a record log of another backend (the replicas' state Redis). */
  constructor(store: string | RecordLog<AuditEntry>) {
    this.file = typeof store === 'string' ? path.join(store, 'audit.jsonl') : '';
    this.log = typeof store === 'string' ? new JsonlLog(this.file, auditEntrySchema) : store;
  }

  /** Appends durably and returns the stored entry. */
  async append(entry: NewAuditEntry, now = new Date()): Promise<AuditEntry> {
    const stored: AuditEntry = auditEntrySchema.parse({ id: newRecordId(now), at: now.toISOString(), ...entry });
    await this.log.append(stored);
    return stored;
  }

  /** Newest first, optionally for one target. */
  async list(options: { targetId?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; unreadableLines: number }> {
    const { records, unreadableLines } = await this.log.readAll();
    const limit = options.limit ?? 200;
    const out: AuditEntry[] = [];
    for (let i = records.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = records[i]!;
      if (!options.targetId || entry.targetId === options.targetId) out.push(entry);
    }
    return { entries: out, unreadableLines };
  }

  async get(id: string): Promise<AuditEntry | null> {
    const { records } = await this.log.readAll();
    return records.find((e) => e.id === id) ?? null;
  }
}

/** Sorts by time as text; the random part keeps two records of one millisecond apart. */
export function newRecordId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}
