import { readFileSync } from 'node:fs';
import { startRedis } from '../harness/redis-process';
import { bestAvailableBinary, findOnPath, labCacheDir, resolveEngineBinary, type BestBinary, type LabEngine } from './engines';
import { probeDefragAtStartupSync } from './probe';
import { isAlive } from './process-alive';

export interface StartOptions {
  engine?: LabEngine;
  packaged: boolean;
  port?: number;
}

/** Picks the server binary: explicit engine, the packaged one, or the best available. */
export function chooseServer(options: StartOptions): BestBinary {
  const override = process.env.FRAGSCOPE_REDIS_SERVER?.trim();
  if (options.engine) {
    const binary = resolveEngineBinary(options.engine);
    if (!binary) {
      throw new Error(`no verified ${options.engine} build in ${labCacheDir()}/engines; run: npm run lab -- build --engine ${options.engine}`);
    }
    if (override) console.log(`lab: FRAGSCOPE_REDIS_SERVER is ignored because --engine was given`);
    return { binary, engine: options.engine, defragCapable: true };
  }
  if (options.packaged) {
    const binary = findOnPath('redis-server');
    if (!binary) throw new Error('no redis-server on PATH (Debian: apt-get install redis-server)');
    if (override) console.log(`lab: FRAGSCOPE_REDIS_SERVER is ignored because --packaged was given`);
    return { binary, engine: 'packaged', defragCapable: probeDefragAtStartupSync(binary).supported === true };
  }
  return bestAvailableBinary();
}

/**
 * Runs one lab server in the foreground until Ctrl-C / SIGTERM, then stops it with SIGTERM and
 * waits, so the harness removes its temp dir. Returns the process exit code.
 */
export async function startCommand(options: StartOptions): Promise<number> {
  const choice = chooseServer(options);
  const capability = choice.defragCapable ? 'defrag supported' : 'defrag NOT supported';
  console.log(`lab: ${choice.engine} (${capability}): ${choice.binary}`);
  if (!choice.defragCapable) {
    console.log(
      'lab: this server refuses `activedefrag yes` (Debian links the system jemalloc); fragmentation can be ' +
        'created and observed but not reclaimed. For a defrag-capable server: npm run lab -- build',
    );
  }

  const server = await startRedis({ binary: choice.binary, port: options.port });
  // Keep showing what the server says (warnings only, the harness sets loglevel warning).
  for (const stream of [server.child.stdout, server.child.stderr]) {
    stream?.on('data', (data: Buffer) => {
      for (const l of data.toString().split('\n')) if (l.trim()) console.log(`[server] ${l.trim()}`);
    });
  }
  console.log(`lab: server ready at ${server.url} (pid ${server.child.pid}, port ${server.port}, no persistence, DEBUG allowed from localhost)`);
  console.log(`lab: next: npm run lab -- fragment --url ${server.url}`);
  console.log('lab: Ctrl-C (or SIGTERM) stops it');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (reason: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`\nlab: ${reason}: stopping the server...`);
      void server.stop().then(() => {
        console.log('lab: server stopped');
        resolve(0);
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const stopWatching = watchLaunchers(() => onSignal('the npm/tsx process that launched us is gone'));
    server.child.once('exit', stopWatching);
    server.child.once('exit', (code, signal) => {
      if (stopping) return;
      // Ctrl-C in a terminal reaches the server too (same process group) and it shuts down by
      // itself with code 0, possibly before our handler runs: that is a clean stop as well.
      if (code === 0) {
        console.log('lab: server stopped');
        resolve(0);
        return;
      }
      console.error(`lab: the server exited unexpectedly (${signal ? `signal ${signal}` : `code ${code}`})`);
      resolve(1);
    });
  });
}

/**
 * `npm run lab -- start` runs us as npm -> sh -c -> tsx -> node. A SIGTERM sent to npm (e.g. a
 * script doing `kill $!`) is not passed down: npm signals `sh`, which dies without forwarding, and
 * the server would be orphaned on its port. So we watch those wrapper processes (only those: a
 * user's shell exiting is not our business) and stop as if signalled when one disappears.
 */
function watchLaunchers(onGone: () => void): () => void {
  const launchers: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth += 1) {
    const info = procInfo(pid);
    if (!info || !/\b(tsx|npm|npx)\b|^sh\0-c\0/.test(info.cmdline)) break;
    launchers.push(pid);
    pid = info.ppid;
  }
  if (launchers.length === 0) return () => undefined;
  const timer = setInterval(() => {
    if (launchers.some((p) => !isAlive(p))) {
      clearInterval(timer);
      onGone();
    }
  }, 1000);
  timer.unref();
  return () => clearInterval(timer);
}

function procInfo(pid: number): { cmdline: string; ppid: number } | null {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    // Field 4 of /proc/PID/stat, after the parenthesised command name (which may contain spaces).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return { cmdline, ppid };
  } catch {
    return null; // not Linux, or already gone
  }
}
