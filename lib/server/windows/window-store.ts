import 'server-only';
import path from 'node:path';
import { z } from 'zod';
import { configValuesSchema } from '@/lib/config-params/api-schema';
import { storedWindowSchema, type StoredWindow } from '@/lib/windows';
import { FileDocument } from '../storage/file-document';
import type { DocumentFence, DocumentStore } from '../storage/record-log';
import { log } from '../core/log';

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
  /** What the window set, read back once applied: the end skips a parameter an operator changed since. */
  setTo: configValuesSchema.optional(),
});
export type ActiveWindow = z.infer<typeof activeWindowSchema>;

const fileSchema = z.object({
  version: z.literal(1),
  windows: z.array(storedWindowSchema),
  active: z.array(activeWindowSchema),
});
type WindowFile = z.infer<typeof fileSchema>;

/**
 * Schedules and running-window state: `<data dir>/windows.json`, replaced atomically on every
 * change (or one key of the replicas' state Redis), so a restart (or a kill -9) finds exactly what
 * was last acknowledged. A document that does not parse is never overwritten: the store refuses
 * changes and says why.
 */
export class WindowStore {
  private readonly doc: DocumentStore;
  private data: WindowFile = { version: 1, windows: [], active: [] };
  private loaded = false;
  private problem: string | null = null;

  /** A data dir (windows.json) or a document of another backend (the replicas' state Redis). */
  constructor(store: string | DocumentStore) {
    this.doc = typeof store === 'string' ? new FileDocument(path.join(store, 'windows.json')) : store;
  }

  /** Why the store cannot be used (an unreadable document), or null. */
  get loadProblem(): string | null {
    return this.problem;
  }

  /** Reads the document: once for a file of our own, every time when replicas share it. */
  async load(): Promise<void> {
    if (this.loaded && !this.doc.shared) return;
    const text = await this.doc.read();
    this.loaded = true;
    if (text === null) return;
    const parsed = this.parse(text);
    if (parsed) this.data = parsed;
  }

  windows(targetId?: string): StoredWindow[] {
    return this.data.windows.filter((w) => !targetId || w.targetId === targetId);
  }

  active(targetId: string): ActiveWindow | null {
    return this.data.active.find((a) => a.targetId === targetId) ?? null;
  }

  /**
   * Adds a window; `check` sees the stored windows inside the serialised update (after every
   * earlier add landed) and throws to refuse: concurrent overlapping adds cannot all pass it.
   */
  addWindow(window: StoredWindow, check?: (existing: readonly StoredWindow[]) => void): Promise<void> {
    return this.mutate((d) => {
      check?.(d.windows);
      return { ...d, windows: [...d.windows, window] };
    });
  }

  removeWindow(id: string): Promise<StoredWindow | null> {
    const found = this.data.windows.find((w) => w.id === id) ?? null;
    return this.mutate((d) => ({ ...d, windows: d.windows.filter((w) => w.id !== id) })).then(() => found);
  }

  /** `fence`: the scheduler's writes, made on the strength of the target's lease (replicas). */
  setActive(state: ActiveWindow, fence: DocumentFence | null = null): Promise<void> {
    return this.mutate((d) => ({ ...d, active: [...d.active.filter((a) => a.targetId !== state.targetId), state] }), fence);
  }

  clearActive(targetId: string, fence: DocumentFence | null = null): Promise<void> {
    return this.mutate((d) => ({ ...d, active: d.active.filter((a) => a.targetId !== targetId) }), fence);
  }

  /** Drops one-off windows that ended over a day ago (they stay in the audit log). */
  pruneEnded(isOver: (window: StoredWindow) => boolean): Promise<void> {
    if (!this.data.windows.some(isOver)) return Promise.resolve();
    return this.mutate((d) => ({ ...d, windows: d.windows.filter((w) => !isOver(w)) }));
  }

  /** The change is applied to the stored state (not a cached copy); memory follows once it is stored. */
  private async mutate(change: (data: WindowFile) => WindowFile, fence: DocumentFence | null = null): Promise<void> {
    await this.load();
    if (this.problem) throw new Error(this.problem);
    const text = await this.doc.update((current) => {
      const base = current === null ? { version: 1 as const, windows: [], active: [] } : this.parse(current);
      if (!base) throw new Error(this.problem ?? 'the windows document cannot be read');
      return `${JSON.stringify(change(base), null, 2)}\n`;
    }, fence);
    this.data = this.parse(text) ?? this.data;
  }

  private parse(text: string): WindowFile | null {
    try {
      return fileSchema.parse(JSON.parse(text));
    } catch (error) {
      this.problem = `the maintenance windows cannot be read (${(error as Error).message.slice(0, 200)}); fix or move the file aside, then restart. Schedules are paused and nothing is overwritten.`;
      log.error(this.problem);
      return null;
    }
  }
}
