import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';

export interface RedisProcessOptions {
  /** Path to a redis-server (or valkey-server) binary. Default: `redis-server` on PATH (Debian's). */
  binary?: string;
  /** Fixed port, e.g. to restart a killed server on the same address. Default: a free one. */
  port?: number;
  /** Extra `--name value` arguments. */
  args?: string[];
  /** Set `requirepass`. */
  password?: string;
  /** Start from this config file (so CONFIG REWRITE has somewhere to write). */
  configFile?: string;
}

export interface RedisProcess {
  port: number;
  url: string;
  binary: string;
  child: ChildProcess;
  /** SIGKILL, as a crash would. Resolves when the process has exited. */
  kill(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/**
 * Starts a throw-away server on loopback: no persistence, DEBUG allowed from local clients,
 * its own temp dir. Resolves when it answers PING.
 */
export async function startRedis(options: RedisProcessOptions = {}): Promise<RedisProcess> {
  const binary = options.binary ?? 'redis-server';
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fragscope-redis-'));
  const args = [
    ...(options.configFile ? [options.configFile] : []),
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
    '--daemonize',
    'no',
    '--enable-debug-command',
    'local',
    '--loglevel',
    'warning',
    ...(options.password ? ['--requirepass', options.password] : []),
    ...(options.args ?? []),
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  exited.then(() => rmSync(dir, { recursive: true, force: true }));

  try {
    await waitForPing(port, options.password, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${binary} did not start on port ${port}: ${(error as Error).message}\n${output}`);
  }

  const signal = async (sig: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(sig);
    await exited;
  };
  return {
    port,
    url: `redis://${options.password ? `:${encodeURIComponent(options.password)}@` : ''}127.0.0.1:${port}`,
    binary,
    child,
    kill: () => signal('SIGKILL'),
    stop: () => signal('SIGTERM'),
  };
}

/** Speaks just enough RESP to send PING (with AUTH) so the harness needs no client library. */
async function waitForPing(port: number, password: string | undefined, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    try {
      const reply = await rawCommand(port, password ? [['AUTH', password], ['PING']] : [['PING']]);
      if (reply.includes('+PONG')) return;
      lastError = reply.trim();
    } catch (error) {
      lastError = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(lastError);
}

function rawCommand(port: number, commands: string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(1000, () => socket.destroy(new Error('timeout')));
    socket.on('connect', () => {
      for (const cmd of commands) {
        socket.write(`*${cmd.length}\r\n${cmd.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`);
      }
    });
    socket.on('data', (d) => {
      data += d.toString();
      if (data.split('\r\n').length > commands.length) {
        socket.end();
        resolve(data);
      }
    });
    socket.on('error', reject);
  });
}
