import 'server-only';
import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors';

/**
 * What the user saved must survive a crash and a full disk: every write here is on disk (fsync)
 * and checked (every byte written, the size and content read back) before the caller answers the
 * request. A write that cannot be completed throws a `storage` AppError and leaves the previous
 * content as it was: nothing is acknowledged that is not on disk.
 */

/** Appends one line (the caller adds no newline); the data is fsynced before this resolves. */
export async function appendLineDurably(file: string, line: string): Promise<void> {
  await ensureDir(path.dirname(file));
  const isNew = !(await exists(file));
  const handle = await open(file, 'a+');
  let size = 0;
  try {
    size = (await handle.stat()).size;
    // A crash mid-write can leave a torn last line: start on a fresh line so it stays the only bad one.
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    const data = Buffer.from(`${prefix}${line}\n`, 'utf8');
    try {
      await writeAll(handle, data);
      await handle.datasync();
      const now = (await handle.stat()).size;
      if (now !== size + data.length) throw new Error(`the file is ${now} bytes after appending ${data.length} to ${size}`);
    } catch (error) {
      // A short write leaves half a record: cut it off so the next append starts clean.
      await handle.truncate(size).catch(() => undefined);
      await handle.datasync().catch(() => undefined);
      throw storageError(file, error);
    }
  } finally {
    await handle.close();
  }
  if (isNew) await syncDir(path.dirname(file)).catch((error: unknown) => Promise.reject(storageError(file, error)));
}

/**
 * Replaces a file atomically: a reader (or a restart) sees the old content or the new, never
 * half. The new content goes to a temporary file that is fsynced and read back before the rename,
 * so a full disk never replaces a good file with a short one.
 */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await ensureDir(dir);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const data = Buffer.from(content, 'utf8');
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      await writeAll(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const { size } = await stat(temp);
    if (size !== data.length) throw new Error(`${size} of ${data.length} bytes reached the disk`);
    if (!(await readFile(temp)).equals(data)) throw new Error('the content read back differs from what was written');
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw storageError(file, error);
  }
  await syncDir(dir).catch((error: unknown) => Promise.reject(storageError(file, error)));
}

/** A write() may write less than asked (a nearly full disk): go on until every byte is written or it fails. */
async function writeAll(handle: FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten <= 0) throw new Error(`the disk took ${offset} of ${data.length} bytes`);
    offset += bytesWritten;
  }
}

/**
 * Temporary files of writes that a crash interrupted (never renamed, so never acknowledged): removed
 * at start. Only other processes' files: a write of this process may be in progress.
 */
export async function removeLeftoverTemps(dir: string, log: (message: string) => void): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = /\.(\d+)\.\d+\.tmp$/.exec(name);
    if (!match || Number(match[1]) === process.pid) continue;
    try {
      await unlink(path.join(dir, name));
      removed++;
    } catch (error) {
      log(`cannot remove the leftover ${name}: ${(error as Error).message}`);
    }
  }
  if (removed > 0) log(`removed ${removed} leftover temporary file(s) of an interrupted write in ${dir}`);
  return removed;
}

function storageError(file: string, error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EDQUOT' ? 'the disk quota is exhausted' : (error as Error).message;
  return new AppError('storage', `could not save to ${path.basename(file)} (${why}): nothing was recorded`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

const created = new Set<string>();

async function ensureDir(dir: string): Promise<void> {
  if (created.has(dir)) return;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await syncDir(path.dirname(dir));
  created.add(dir);
}

/** Makes a rename or a new file's directory entry durable. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
