import 'server-only';
import { readFile } from 'node:fs/promises';
import { createSerialQueue } from '@/lib/serial-queue';
import { writeFileAtomically } from './durable-file';
import type { DocumentStore } from './record-log';

/** A JSON document in one file, replaced atomically; one process writes it, so a cached copy is fine. */
export class FileDocument implements DocumentStore {
  readonly shared = false;
  private readonly writes = createSerialQueue();

  constructor(readonly file: string) {}

  async read(): Promise<string | null> {
    try {
      return await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  update(change: (current: string | null) => string): Promise<string> {
    return this.writes.run(async () => {
      const next = change(await this.read());
      await writeFileAtomically(this.file, next);
      return next;
    });
  }
}
