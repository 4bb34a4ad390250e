import 'server-only';
import { readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { targetAlertStateSchema } from '@/lib/alerts/state';
import { webhookPayloadSchema } from '@/lib/alerts/webhook-payload';
import { createSerialQueue } from '@/lib/serial-queue';
import { writeFileAtomically } from '../storage/durable-file';

const alertFileSchema = z.object({
  version: z.literal(1),
  /** The evaluator's state per target: open alerts survive a restart without firing again. */
  targets: z.array(targetAlertStateSchema),
  /** Webhook deliveries not finished yet, in order: a restart sends them (same idempotency keys). */
  outbox: z.array(z.object({ key: z.string(), payload: webhookPayloadSchema })),
  /** The latest finished deliveries, newest last: a key here is never sent again. */
  sent: z.array(z.object({ key: z.string(), outcome: z.enum(['delivered', 'failed']), at: z.number() })),
});
export type AlertFile = z.infer<typeof alertFileSchema>;
export type SentRecord = AlertFile['sent'][number];

export const EMPTY_ALERT_FILE: AlertFile = Object.freeze({ version: 1, targets: [], outbox: [], sent: [] }) as AlertFile;

/**
 * `<data dir>/alerts.json`, replaced atomically. Saves are serialised and coalesced: while one is
 * being written, later calls share the next write, which holds the newest data.
 */
export class AlertStore {
  readonly file: string;
  private readonly writes = createSerialQueue();
  private queued: { data: AlertFile; done: Promise<void> } | null = null;

  constructor(
    dataDir: string,
    private readonly log: (message: string) => void,
  ) {
    this.file = path.join(dataDir, 'alerts.json');
  }

  /**
   * The saved state; empty when there is none. A file that does not parse is moved aside (and
   * logged) rather than blocking alerting: the cost is that open alerts may fire once more.
   */
  async load(): Promise<AlertFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_ALERT_FILE;
      throw error;
    }
    try {
      return alertFileSchema.parse(JSON.parse(text));
    } catch (error) {
      const aside = `${this.file}.unreadable-${Date.now()}`;
      await rename(this.file, aside).catch(() => undefined);
      this.log(`${this.file} cannot be read (${(error as Error).message.slice(0, 200)}); moved to ${aside}, starting with no open alerts`);
      return EMPTY_ALERT_FILE;
    }
  }

  /** Resolves once `data`, or newer data saved after it, is on disk. */
  save(data: AlertFile): Promise<void> {
    if (this.queued) {
      this.queued.data = data;
      return this.queued.done;
    }
    const entry: { data: AlertFile; done: Promise<void> } = { data, done: Promise.resolve() };
    entry.done = this.writes.run(() => {
      this.queued = null;
      return writeFileAtomically(this.file, `${JSON.stringify(entry.data, null, 1)}\n`);
    });
    this.queued = entry;
    return entry.done;
  }
}
