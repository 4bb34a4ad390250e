import { execFileSync } from 'node:child_process';
import { resolveEngineBinary } from '../lab/engines';
import { startApp, type AppProcess } from '../harness/app-process';
import { startRedis, type RedisProcess } from '../harness/redis-process';
import type { Scope } from './scope';

export interface ServerBinary {
  binary: string;
  /** e.g. "lab redis-7.0 build (7.0.15)" or "Debian redis-server (7.0.15)". */
  label: string;
}

function versionOf(binary: string): string {
  try {
    return /v=(\S+)/.exec(execFileSync(binary, ['--version']).toString())?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** The lab's defrag-capable redis 7.0 when cached (`npm run lab -- build`), else Debian's redis-server. */
export function labBinary(): ServerBinary {
  const lab = resolveEngineBinary('redis-7.0');
  if (lab) return { binary: lab, label: `lab redis-7.0 build (${versionOf(lab)})` };
  return { binary: 'redis-server', label: `Debian redis-server (${versionOf('redis-server')}; no cached lab build)` };
}

export function debianBinary(): ServerBinary {
  return { binary: 'redis-server', label: `Debian redis-server (${versionOf('redis-server')})` };
}

export async function startServer(scope: Scope, binary: ServerBinary, name: string): Promise<RedisProcess> {
  const server = await startRedis({ binary: binary.binary });
  scope.defer(`redis ${name} (pid ${server.child.pid})`, () => server.kill());
  return server;
}

export async function startDashboard(scope: Scope, env: Record<string, string>, name: string): Promise<AppProcess> {
  const app = await startApp(env);
  scope.defer(`app ${name} (pid ${app.child.pid})`, () => app.kill());
  return app;
}
