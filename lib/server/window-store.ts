import 'server-only';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { configValuesSchema } from '../admin-schema';
import { storedWindowSchema, type StoredWindow } from '../windows';
import { writeFileAtomically } from './durable-file';

/** A window the scheduler has started and must end: what it saved is what the end restores. */
export const activeWindowSchema = z.object({
  targetId: z.string(),
  windowId: z.string(),
  start: z.number(),
  end: z.number(),
  /** Every parameter the window sets, as the server held it just before the window started. */
  saved: configValuesSchema,
  /** False between saving and the CONFIG SET landing: a restart then re-applies (or restores). */
  applied: z.boolean(),
});
export type ActiveWindow = z.infer<typeof activeWindowSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  windows: z.array(storedWindowSchema),
  active: z.array(activeWindowSchema),
});
type WindowFile = z.infer<typeof fileSchema>;

/**
 * Schedules and running-window state in `<data dir>/windows.json`, replaced atomically on every
 * change, so a restart (or a kill -9) finds exactly what was last acknowledged. A file that does
 * not parse is never overwritten: the store refuses changes and says why.
 */
export class WindowStore {
  readonly file: string;
  private data: WindowFile = { version: 1, windows: [], active: [] };
  private loaded = false;
  private problem: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'windows.json');
  }

  /** Why the store cannot be used (an unreadable file), or null. */
  get loadProblem(): string | null {
    return this.problem;
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      this.loaded = true;
      return;
    }
    try {
      this.data = fileSchema.parse(JSON.parse(text));
    } catch (error) {
      this.problem = `${this.file} cannot be read (${(error as Error).message.slice(0, 200)}); fix or move it aside, then restart. Schedules are paused and nothing is overwritten.`;
      console.error(`[fragscope] ${this.problem}`);
    }
    this.loaded = true;
  }

  windows(targetId?: string): StoredWindow[] {
    return this.data.windows.filter((w) => !targetId || w.targetId === targetId);
  }

  active(targetId: string): ActiveWindow | null {
    return this.data.active.find((a) => a.targetId === targetId) ?? null;
  }

  addWindow(window: StoredWindow): Promise<void> {
    return this.mutate((d) => ({ ...d, windows: [...d.windows, window] }));
  }

  removeWindow(id: string): Promise<StoredWindow | null> {
    const found = this.data.windows.find((w) => w.id === id) ?? null;
    return this.mutate((d) => ({ ...d, windows: d.windows.filter((w) => w.id !== id) })).then(() => found);
  }

  setActive(state: ActiveWindow): Promise<void> {
    return this.mutate((d) => ({ ...d, active: [...d.active.filter((a) => a.targetId !== state.targetId), state] }));
  }

  clearActive(targetId: string): Promise<void> {
    return this.mutate((d) => ({ ...d, active: d.active.filter((a) => a.targetId !== targetId) }));
  }

  /** Drops one-off windows that ended over a day ago (they stay in the audit log). */
  pruneEnded(isOver: (window: StoredWindow) => boolean): Promise<void> {
    const keep = this.data.windows.filter((w) => !isOver(w));
    if (keep.length === this.data.windows.length) return Promise.resolve();
    return this.mutate((d) => ({ ...d, windows: d.windows.filter((w) => !isOver(w)) }));
  }

  /** Changes are written one at a time; memory changes only once the file holds the new state. */
  private mutate(change: (data: WindowFile) => WindowFile): Promise<void> {
    const run = this.queue.then(async () => {
      await this.load();
      if (this.problem) throw new Error(this.problem);
      const next = change(this.data);
      await writeFileAtomically(this.file, `${JSON.stringify(next, null, 2)}\n`);
      this.data = next;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}
