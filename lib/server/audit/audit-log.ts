import 'server-only';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { auditEntrySchema, type AuditEntry, type AuditResult } from '@/lib/audit/api-schema';
import { JsonlLog } from '../storage/jsonl-log';
import type { RecordLog } from '../storage/record-log';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at' | 'revertedBy'>;

export interface AuditFilter {
  targetId?: string;
  actor?: string;
  result?: AuditResult;
  /** Only entries older than this id. */
  before?: string;
  limit?: number;
}

/** Entry id -> the first applied revert of it (a refused or failed revert undid nothing). */
function revertIndex(records: readonly AuditEntry[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const e of records) if (e.action === 'revert' && e.result === 'applied' && e.revertOf && !index.has(e.revertOf)) index.set(e.revertOf, e.id);
  return index;
}

/**
 * The audit log: one JSON object per line in `<data dir>/audit.jsonl`, appended and fsynced
 * before the request that caused it is answered. A change is audited before it is made: `intend`
 * writes the entry as `unknown` (what the log says if the dashboard dies or the connection breaks
 * mid-change), `settle` appends its outcome under the same id, and the last record of an id wins.
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

  /**
   * Audits a change that is about to be made, as `unknown` until `settle`. If this cannot be
   * stored (disk full), it throws and the change must not be made.
   */
  intend(entry: NewAuditEntry, now = new Date()): Promise<AuditEntry> {
    return this.append({ ...entry, result: 'unknown', note: joinNote(entry.note, INTENT_NOTE) }, now);
  }

  /** The outcome of an intended change: the same id and time, the final result. */
  async settle(intent: AuditEntry, outcome: NewAuditEntry): Promise<AuditEntry> {
    const stored: AuditEntry = auditEntrySchema.parse({ ...outcome, id: intent.id, at: intent.at });
    await this.log.append(stored);
    return stored;
  }

  /** Every entry once (its last record), in the order the entries began. */
  private async entries(): Promise<{ entries: AuditEntry[]; unreadableLines: number }> {
    const { records, unreadableLines } = await this.log.readAll();
    // A Map keeps the first insertion's position when a later record of the same id replaces it.
    const latest = new Map<string, AuditEntry>();
    for (const record of records) latest.set(record.id, record);
    return { entries: [...latest.values()], unreadableLines };
  }

  /**
   * Newest first, filtered; `before` (an entry id, a page's `nextBefore`) pages to older entries. Each
   * entry carries `revertedBy`, the applied revert that undid it, whatever the filters.
   */
  async list(options: AuditFilter = {}): Promise<{ entries: AuditEntry[]; unreadableLines: number; nextBefore: string | null }> {
    const { entries: records, unreadableLines } = await this.entries();
    const limit = options.limit ?? 200;
    const revertedBy = revertIndex(records);
    const out: AuditEntry[] = [];
    let more = false;
    // Page from the cursor's place in the log, not by comparing ids: two entries of one
    // millisecond sort by their random part, not by the order they were written.
    let from = records.length - 1;
    if (options.before !== undefined) {
      const at = records.findLastIndex((e) => e.id === options.before);
      from = at >= 0 ? at - 1 : records.findLastIndex((e) => e.id < options.before!);
    }
    for (let i = from; i >= 0; i--) {
      const entry = records[i]!;
      if (options.targetId && entry.targetId !== options.targetId) continue;
      if (options.actor && entry.actor !== options.actor) continue;
      if (options.result && entry.result !== options.result) continue;
      if (out.length === limit) {
        more = true;
        break;
      }
      out.push({ ...entry, revertedBy: revertedBy.get(entry.id) ?? null });
    }
    return { entries: out, unreadableLines, nextBefore: more ? out.at(-1)!.id : null };
  }

  /** The applied revert entry of `id`, if there is one. */
  async revertOf(id: string): Promise<string | null> {
    const { entries: records } = await this.entries();
    return revertIndex(records).get(id) ?? null;
  }

  async get(id: string): Promise<AuditEntry | null> {
    const { entries } = await this.entries();
    return entries.find((e) => e.id === id) ?? null;
  }
}

const INTENT_NOTE = 'outcome not recorded: the dashboard stopped or lost the connection before the change finished';

function joinNote(a: string | null | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

/** Sorts by time as text; the random part keeps two records of one millisecond apart. */
export function newRecordId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}
