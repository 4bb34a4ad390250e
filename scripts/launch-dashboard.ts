import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface LaunchedDashboard {
  url: string;
  child: ChildProcess;
}

const ROOT = path.resolve(__dirname, '..');
const NEXT = path.join(ROOT, 'node_modules/.bin/next');

/**
 * Builds the app if it has never been built, runs it (scripts/serve.mjs), and calls /api/health once so
 * every target's poller is running before anyone opens the page (history matters before a viewer
 * arrives). Used by `npm start` and `npm run demo`.
 */
export async function launchDashboard(extraEnv: Record<string, string>): Promise<LaunchedDashboard> {
  const env: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...extraEnv };
  if (!existsSync(path.join(ROOT, '.next/BUILD_ID'))) {
    console.log('Fragscope: first run, building the dashboard (about a minute)…');
    const build = spawnSync(NEXT, ['build'], { cwd: ROOT, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`next build failed (exit ${build.status})`);
  }
  const port = env.PORT ?? '3000';
  // Loopback by default: set HOST=0.0.0.0 to serve other machines (put it behind your auth proxy).
  const host = env.HOST ?? '127.0.0.1';
  // Checked first: otherwise /api/health could be answered by whatever already holds the port.
  if (!(await portIsFree(Number(port), host))) throw new Error(`port ${port} on ${host} is already in use: set PORT to another port`);
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/serve.mjs'), port, host], { cwd: ROOT, env, stdio: 'inherit' });
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      void response.body?.cancel();
      if (response.ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the dashboard did not answer at ${url} within 60 s`);
}

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
}
