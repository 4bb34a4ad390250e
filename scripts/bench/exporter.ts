import { spawn, spawnSync } from 'node:child_process';
import { findOnPath } from '../lab/engines';
import { freePort } from '../harness/free-port';
import type { Scope } from './scope';

const BINARY = 'prometheus-redis-exporter';
const PACKAGE = 'prometheus-redis-exporter';

/**
 * Debian's exporter, installed with apt-get when missing (the bench runs as root on our machines).
 * Returns the binary, or why it cannot be had. Note: on a host with a running systemd, the package's
 * postinst also starts its own service on :9121; the bench never uses that one.
 */
export function ensureExporter(): { binary: string } | { reason: string } {
  const found = findOnPath(BINARY);
  if (found) return { binary: found };
  if (process.getuid?.() !== 0) return { reason: `${BINARY} is not installed and the bench is not root (apt-get install -y ${PACKAGE})` };
  if (!findOnPath('apt-get')) return { reason: `${BINARY} is not installed and there is no apt-get` };
  console.log(`  [bench] installing ${PACKAGE} with apt-get ...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', PACKAGE], { env, timeout: 300_000, encoding: 'utf8' });
  let result = install();
  if (result.status !== 0) {
    // The package lists may be missing or stale on a fresh machine.
    spawnSync('apt-get', ['update'], { env, timeout: 300_000, encoding: 'utf8' });
    result = install();
  }
  const binary = findOnPath(BINARY);
  if (binary) return { binary };
  const tail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-2).join(' / ');
  return { reason: `apt-get install ${PACKAGE} failed (${result.error?.message ?? `exit ${result.status}`}): ${tail}` };
}

export interface ExporterProcess {
  url: string;
  version: string;
  args: string[];
  kill(): Promise<void>;
}

/** Runs the exporter on loopback (a free port) against `redisUrl`, with its defaults otherwise. */
export async function startExporter(scope: Scope, binary: string, redisUrl: string): Promise<ExporterProcess> {
  const help = spawnSync(binary, ['--help'], { encoding: 'utf8' });
  const helpText = `${help.stdout}${help.stderr}`;
  for (const flag of ['redis.addr', 'web.listen-address']) {
    if (!helpText.includes(`-${flag}`)) throw new Error(`${binary} --help lists no -${flag}: this version is not supported by the bench`);
  }
  const versionRun = spawnSync(binary, ['-version'], { encoding: 'utf8' });
  const version = /Exporter\s+(\S+)/.exec(`${versionRun.stdout}${versionRun.stderr}`)?.[1] ?? '?';
  const port = await freePort();
  const args = [`--redis.addr=${redisUrl}`, `--web.listen-address=127.0.0.1:${port}`];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  scope.defer(`exporter (pid ${child.pid})`, kill);
  const url = `http://127.0.0.1:${port}`;
  // The landing page answers without scraping Redis; /metrics would scrape.
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${binary} exited (${child.exitCode}): ${output}`);
    try {
      const response = await fetch(`${url}/`);
      await response.text();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`${binary} did not answer on ${url} within 15 s: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return { url, version, args, kill };
}
