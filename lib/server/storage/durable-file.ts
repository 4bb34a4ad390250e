import 'server-only';
import { mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';

/**
 * What the user saved must survive a crash: every write here is on disk (fsync) before the
 * caller answers the request.
 */

/** Appends one line (the caller adds no newline); the data is fsynced before this resolves. */
export async function appendLineDurably(file: string, line: string): Promise<void> {
  await ensureDir(path.dirname(file));
  const handle = await open(file, 'a+');
  try {
    const { size } = await handle.stat();
    // A crash mid-write can leave a torn last line: start on a fresh line so it stays the only bad one.
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.write(`${prefix}${line}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** Replaces a file atomically: a reader (or a restart) sees the old content or the new, never half. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await ensureDir(dir);
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  const handle = await open(temp, 'w');
  try {
    await handle.write(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await syncDir(dir);
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
