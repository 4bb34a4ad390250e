import 'server-only';
import { randomBytes } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { auditEntrySchema, type AuditEntry } from '../admin-schema';
import { appendLineDurably } from './durable-file';

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'>;

/**
 * The audit log: one JSON object per line in `<data dir>/audit.jsonl`, appended and fsynced
 * before the request that caused it is answered. Lines that do not parse (a write torn by a crash)
 * are counted and skipped, so they never hide the entries before or after them.
 */
export class AuditLog {
  readonly file: string;
  private queue: Promise<unknown> = Promise.resolve();
  private entries: AuditEntry[] = [];
  private readOffset = 0;
  private unreadable = 0;
  private partial = '';

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'audit.jsonl');
  }

  /** Appends durably and returns the stored entry. Appends are serialised within the process. */
  append(entry: NewAuditEntry, now = new Date()): Promise<AuditEntry> {
    const stored: AuditEntry = auditEntrySchema.parse({ id: newAuditId(now), at: now.toISOString(), ...entry });
    const run = this.queue.then(() => appendLineDurably(this.file, JSON.stringify(stored)));
    this.queue = run.catch(() => undefined);
    return run.then(() => stored);
  }

  /** Newest first, optionally for one target. */
  async list(options: { targetId?: string; limit?: number } = {}): Promise<{ entries: AuditEntry[]; unreadableLines: number }> {
    await this.refresh();
    const limit = options.limit ?? 200;
    const out: AuditEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.entries[i]!;
      if (!options.targetId || entry.targetId === options.targetId) out.push(entry);
    }
    // A torn last line (no newline yet) counts as unreadable until the next append closes it.
    return { entries: out, unreadableLines: this.unreadable + (this.partial.trim() ? 1 : 0) };
  }

  async get(id: string): Promise<AuditEntry | null> {
    await this.refresh();
    return this.entries.find((e) => e.id === id) ?? null;
  }

  /** Reads only what was appended since the last read: the log can grow for years. */
  private async refresh(): Promise<void> {
    await this.queue;
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
      const entry = parseLine(line);
      if (entry) this.entries.push(entry);
      else this.unreadable++;
    }
  }

  private reset(): void {
    this.entries = [];
    this.readOffset = 0;
    this.unreadable = 0;
    this.partial = '';
  }
}

function parseLine(line: string): AuditEntry | null {
  try {
    const parsed = auditEntrySchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Sorts by time as text; the random part keeps two entries of one millisecond apart. */
function newAuditId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
}
