/**
 * `npm start`: validates the configuration (one message listing every problem), builds the app if
 * it has not been built, runs `next start`, and calls /api/health once so every target's poller is
 * running before anyone opens the page (history matters before a viewer arrives).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig } from '../lib/server/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const next = path.join(root, 'node_modules/.bin/next');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

try {
  const config = parseConfig(process.env);
  console.log(`Fragscope: ${config.targets.length} target(s): ${config.targets.map((t) => `${t.id} (${t.address})`).join(', ')}`);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

if (!existsSync(path.join(root, '.next/BUILD_ID'))) {
  console.log('Fragscope: first run, building the dashboard (about a minute)…');
  const build = spawnSync(next, ['build'], { cwd: root, env, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
// Loopback by default: set HOST=0.0.0.0 to serve other machines (put it behind your auth proxy).
const host = process.env.HOST ?? '127.0.0.1';
const child = spawn(next, ['start', '-p', port, '-H', host], { cwd: root, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));

const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
for (let attempt = 0; attempt < 300; attempt++) {
  try {
    const response = await fetch(`${url}/api/health`);
    if (response.ok) {
      console.log(`Fragscope is running: open ${url}`);
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 100));
}
