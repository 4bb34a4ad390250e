import { spawnSync } from 'node:child_process';
import os from 'node:os';
import type { Redis } from 'ioredis';

/**
 * "Can this server defragment?" The allocator name cannot tell (Debian's build also says
 * jemalloc-5.3.0), so we ask the server to enable defrag together with an out-of-range
 * cycle-min. Multi-argument CONFIG SET is all-or-nothing (7.0+), so nothing changes either way,
 * and the argument the error names tells us the answer:
 *   'activedefrag'            -> the build refuses defrag (unsupported)
 *   'active-defrag-cycle-min' -> activedefrag passed validation (supported)
 */
export interface DefragProbe {
  /** null when the answer could not be read (CONFIG renamed, unexpected error text...). */
  supported: boolean | null;
  detail: string;
}

export function interpretProbeError(message: string): DefragProbe {
  if (message.includes("'active-defrag-cycle-min'")) return { supported: true, detail: message };
  if (message.includes("'activedefrag'")) return { supported: false, detail: message };
  return { supported: null, detail: message };
}

export async function probeDefragSupport(client: Redis): Promise<DefragProbe> {
  const current = (await client.config('GET', 'activedefrag')) as string[];
  if (current[1] === 'yes') return { supported: true, detail: 'activedefrag is already yes' };
  try {
    await client.config('SET', 'activedefrag', 'yes', 'active-defrag-cycle-min', '0');
  } catch (error) {
    return interpretProbeError((error as Error).message);
  }
  // Not expected from any known server (0 is out of range); undo so the probe stays side-effect free.
  await client.config('SET', 'activedefrag', 'no', 'active-defrag-cycle-min', '1').catch(() => undefined);
  return { supported: true, detail: 'server accepted activedefrag yes and cycle-min 0 (reverted)' };
}

/**
 * The same question without a running server, for `bestAvailableBinary()` which must be
 * synchronous: command-line options go through the same validators as CONFIG SET, in order, and
 * the first invalid one is a fatal config error that names it. `--port 0` comes first so that,
 * if some build accepted everything, it could not listen anywhere and exits instead of binding.
 */
export function probeDefragAtStartupSync(binary: string): DefragProbe {
  const result = spawnSync(binary, ['--port', '0', '--save', '', '--appendonly', 'no', '--activedefrag', 'yes', '--active-defrag-cycle-min', '0'], {
    cwd: os.tmpdir(),
    encoding: 'utf8',
    timeout: 5000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.error) return { supported: null, detail: result.error.message };
  if (/>>> 'active-defrag-cycle-min/.test(output)) return { supported: true, detail: lastLines(output) };
  if (/>>> 'activedefrag/.test(output) || output.includes('Active defragmentation cannot be enabled')) {
    return { supported: false, detail: lastLines(output) };
  }
  return { supported: null, detail: lastLines(output) || `exit ${result.status}` };
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-2).join(' ').trim();
}
