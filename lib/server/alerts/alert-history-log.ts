import 'server-only';
import { readFile } from 'node:fs/promises';
import { alertEventSchema, type AlertEvent } from '@/lib/alerts/history';
import { createSerialQueue } from '@/lib/serial-queue';
import { appendLineDurably, writeFileAtomically } from '../storage/durable-file';
import { parseRecord } from '../storage/record-log';

/** Events kept: years of a normal fleet's alerts, and a file that stays well under a few MB. */
export const DEFAULT_HISTORY_CAP = 5000;

/**
 * `<data dir>/alert-history.jsonl`: every fire and resolve, one fsynced JSON line each, newest
 * last. Bounded: once the file holds `cap` + `cap / 4` events it is rewritten atomically with the
 * newest `cap` (a crash mid-rewrite leaves the old file whole). A line that does not parse (torn
 * by a crash) is counted and skipped, never hiding the lines around it.
 *
 * Unlike the audit log, losing the oldest events is the point: this is a window onto recent
 * alerts, not a record the user saved.
 */
export class AlertHistoryLog {
  private readonly queue = createSerialQueue();
  private events: AlertEvent[] = [];
  private lines = 0;
  private unreadable = 0;
  private loaded: Promise<void> | null = null;

  constructor(
    readonly file: string,
    private readonly cap = DEFAULT_HISTORY_CAP,
  ) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`history cap must be a positive whole number, got ${cap}`);
  }

  /** Appends durably (after the file has been read once); appends and rewrites take turns. */
  append(event: AlertEvent): Promise<void> {
    return this.queue.run(async () => {
      // Inside the promise: a bad event is a rejected append (logged by the caller), never a throw into alerting.
      const line = JSON.stringify(alertEventSchema.parse(event));
      await this.load();
      // appendLineDurably starts on a fresh line after a torn one, so that one stays the only bad line.
      await appendLineDurably(this.file, line);
      this.events.push(event);
      this.lines++;
      if (this.lines >= this.cap + Math.ceil(this.cap / 4)) await this.compact();
    });
  }

  /** Every readable event, oldest first, and how many lines could not be read. */
  async read(): Promise<{ events: readonly AlertEvent[]; unreadableLines: number }> {
    await this.queue.run(() => this.load());
    return { events: this.events, unreadableLines: this.unreadable };
  }

  private load(): Promise<void> {
    this.loaded ??= this.readFile();
    return this.loaded;
  }

  private async readFile(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.loaded = null; // a transient read failure: try again next time
      throw error;
    }
    const events: AlertEvent[] = [];
    let unreadable = 0;
    let lines = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      lines++;
      const event = parseRecord(alertEventSchema, line);
      if (event === null) unreadable++;
      else events.push(event);
    }
    this.events = events.slice(-this.cap);
    this.unreadable = unreadable;
    this.lines = lines;
  }

  /** Keeps the newest `cap` events; unreadable lines are dropped with the old ones. */
  private async compact(): Promise<void> {
    const kept = this.events.slice(-this.cap);
    await writeFileAtomically(this.file, kept.map((e) => `${JSON.stringify(e)}\n`).join(''));
    this.events = kept;
    this.lines = kept.length;
    this.unreadable = 0;
  }
}
