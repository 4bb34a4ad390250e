import path from 'node:path';
import type { Redis } from 'ioredis';

/**
 * `fragment` and `churn` write and delete keys. Pointed at the wrong URL they would damage real
 * data, so they only touch servers the lab (or the test harness) started itself. Those run in a
 * temp dir made by scripts/harness/redis-process.ts: mkdtemp(os.tmpdir()/fragscope-redis-XXXXXX).
 * The working dir is a cheap, reliable fingerprint: a real deployment never runs there.
 */
export const LAB_DIR_PREFIX = 'fragscope-redis-';

export interface LabServerCheck {
  lab: boolean;
  /** Why it is or is not considered a lab server, for the refusal message. */
  reason: string;
}

export async function labServerCheck(client: Redis): Promise<LabServerCheck> {
  let dir: string | undefined;
  try {
    const reply = (await client.config('GET', 'dir')) as string[];
    dir = reply[1];
  } catch (error) {
    return { lab: false, reason: `CONFIG GET dir failed (${(error as Error).message}), so it cannot be identified as a lab server` };
  }
  if (!dir) return { lab: false, reason: 'CONFIG GET dir returned nothing, so it cannot be identified as a lab server' };
  const base = path.basename(dir);
  if (base.startsWith(LAB_DIR_PREFIX)) return { lab: true, reason: `its dir ${dir} is a lab temp dir` };
  return { lab: false, reason: `its dir is ${dir}, not a lab temp dir named ${LAB_DIR_PREFIX}*` };
}

export async function isLabServer(client: Redis): Promise<boolean> {
  return (await labServerCheck(client)).lab;
}

export class NotLabServerError extends Error {
  constructor(target: string, reason: string) {
    super(
      `refusing to touch ${target}: it does not look like a lab server (${reason}). ` +
        'This command writes and deletes keys; start a server with `npm run lab -- start`, ' +
        'or pass --force if you really mean to modify this one.',
    );
    this.name = 'NotLabServerError';
  }
}

/** Throws NotLabServerError unless the server is a lab server or `force` is set. */
export async function requireLabServer(client: Redis, target: string, force: boolean): Promise<LabServerCheck> {
  const check = await labServerCheck(client);
  if (!check.lab && !force) throw new NotLabServerError(target, check.reason);
  return check;
}
