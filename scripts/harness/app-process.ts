import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface AppProcess {
  url: string;
  port: number;
  /** FRAGSCOPE_DATA_DIR of this app (a fresh temp dir unless the caller gave one). */
  dataDir: string;
  child: ChildProcess;
  /** Everything the app printed (stdout and stderr), for secret and crash checks. */
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** The repository root: the nearest folder above this file that has node_modules/.bin/next. */
function findRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'node_modules/.bin/next'))) return dir;
  }
  return process.cwd();
}
const ROOT = findRoot();

/**
 * Runs the built dashboard (scripts/serve.mjs: `next start` behind one path guard; needs `next build` first) on a free loopback port with
 * the given environment, and waits until /api/health answers (which also starts the pollers).
 */
export async function startApp(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  // Never the repository's ./data: every app gets its own audit log and windows unless the test shares one.
  const dataDir = env.FRAGSCOPE_DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'fragscope-data-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs'), String(port), '127.0.0.1'], {
    cwd: ROOT,
    // Tests expect a sample every FRAGSCOPE_POLL_MS whether or not a stream is open: idle polling
    // (poll-cadence.test.ts tests it) only where a test asks for it with FRAGSCOPE_IDLE_POLL_MS.
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      FRAGSCOPE_DATA_DIR: dataDir,
      FRAGSCOPE_IDLE_POLL_MS: process.env.FRAGSCOPE_IDLE_POLL_MS ?? env.FRAGSCOPE_POLL_MS ?? '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      // Any HTTP answer means the server is up (a config problem answers 500 with its message).
      void response.body?.cancel();
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the dashboard did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    // A graceful stop that hangs is a bug the tests should see, but never a hung test run.
    const escalate = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(escalate);
  };
  return { url, port, dataDir, child, output: () => output, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };
}
