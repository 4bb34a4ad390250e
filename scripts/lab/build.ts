import {
  closeSync,
  copyFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRedis } from '../harness/redis-process';
import { fetchUpstreamSource } from './apt-source';
import { connectLab } from '../../lib/lab/connect';
import {
  ENGINE_SPECS,
  engineBinaryPath,
  engineDir,
  engineMarkerPath,
  labCacheDir,
  readVerifiedMarker,
  resolveEngineBinary,
  sha256File,
  type EngineSpec,
  type LabEngine,
  type VerifiedMarker,
} from './engines';
import { parseInfoText } from '../../lib/info-parser';
import { onInterrupt } from './interrupt';
import { probeDefragSupport } from './probe';
import { runStep, StepError } from './run-step';
import { isAlive } from './process-alive';

export interface BuildOutcome {
  engine: LabEngine;
  binary: string;
  skipped: boolean;
  seconds: number;
  serverVersion: string;
}

const say = (line: string) => console.log(line);

/**
 * Builds one engine from Debian's .orig tarball with the upstream Makefile (which uses the bundled,
 * defrag-capable jemalloc), verifies defrag support on a throw-away server, then installs the
 * binary atomically. Skips all of it when a verified binary is already cached, unless `rebuild`.
 */
export async function buildEngine(engine: LabEngine, options: { rebuild?: boolean } = {}): Promise<BuildOutcome> {
  const spec = ENGINE_SPECS[engine];
  const existing = resolveEngineBinary(engine);
  const marker = readVerifiedMarker(engine);
  if (existing && marker && !options.rebuild) {
    say(`${engine}: verified binary already cached, skipping the build (--rebuild to force)`);
    say(`      ${existing}`);
    say(`      ${marker.serverVersion}, from Debian source ${marker.debianSourceVersion}, built ${marker.builtAt} in ${marker.buildSeconds.toFixed(0)} s`);
    return { engine, binary: existing, skipped: true, seconds: 0, serverVersion: marker.serverVersion };
  }

  const dir = engineDir(engine);
  mkdirSync(dir, { recursive: true });
  const releaseLock = takeLock(path.join(dir, '.build.lock'), engine);
  const buildRoot = path.join(labCacheDir(), 'build');
  const workDir = path.join(buildRoot, `${engine}-${process.pid}`);
  const tmpBinary = path.join(dir, `.${spec.binaryName}.tmp-${process.pid}`);
  let keepWorkDir = false;
  const cleanup = () => {
    rmSync(tmpBinary, { force: true });
    if (!keepWorkDir) rmSync(workDir, { recursive: true, force: true });
    releaseLock();
  };
  const unregister = onInterrupt(cleanup);
  const logFile = path.join(dir, 'build.log');
  writeFileSync(logFile, `fragscope lab build ${engine} at ${new Date().toISOString()}\n`);
  const started = performance.now();
  try {
    removeStaleWorkDirs(buildRoot, engine);
    say(`${engine}: building ${spec.sourcePackage} ${spec.upstreamVersion} (Debian ${spec.suite} source), cache ${labCacheDir()}`);
    say(`      full log: ${logFile}`);

    const source = await timed('1/5 fetch upstream source', () => fetchUpstreamSource({ spec, logFile, say }));
    const sourceRoot = await timed('2/5 extract .orig tarball', () => extract(source.tarball, workDir, logFile));
    await timed(`3/5 make -j${makeJobs()} BUILD_TLS=no MALLOC=jemalloc`, () => make(sourceRoot, logFile));

    const built = path.join(sourceRoot, 'src', spec.binaryName);
    if (!existsSync(built)) throw new StepError('make', `make succeeded but ${built} does not exist`);
    // Copy next to the final path first: the rename below is then atomic (same filesystem), so an
    // interrupted build never leaves a half binary under the real name.
    copyFileSync(built, tmpBinary);
    chmodSync(tmpBinary, 0o755);
    const serverVersion = await timed('4/5 verify defrag support', () => verify(tmpBinary, spec, source.upstreamVersion));

    const seconds = (performance.now() - started) / 1000;
    await timed('5/5 install', async () => {
      const finalBinary = engineBinaryPath(engine);
      const verified: VerifiedMarker = {
        engine,
        binary: finalBinary,
        sha256: sha256File(tmpBinary),
        size: statSync(tmpBinary).size,
        serverVersion,
        debianSourceVersion: source.debianVersion,
        builtAt: new Date().toISOString(),
        buildSeconds: Math.round(seconds * 10) / 10,
      };
      // Binary first, marker second: a crash in between leaves a binary without a matching
      // marker, which resolveEngineBinary treats as "not built" (never the reverse).
      renameSync(tmpBinary, finalBinary);
      const markerFile = engineMarkerPath(engine);
      writeFileSync(`${markerFile}.tmp`, `${JSON.stringify(verified, null, 2)}\n`);
      renameSync(`${markerFile}.tmp`, markerFile);
      say(`      ${finalBinary}`);
    });
    const binary = resolveEngineBinary(engine);
    if (!binary) throw new StepError('install', 'the installed binary does not match its marker');
    say(`${engine}: built and verified in ${seconds.toFixed(1)} s (${serverVersion})`);
    return { engine, binary, skipped: false, seconds, serverVersion };
  } catch (error) {
    keepWorkDir = error instanceof StepError && error.step === 'make' && existsSync(workDir);
    if (keepWorkDir) say(`      build tree kept for inspection: ${workDir} (removed by the next build)`);
    throw error;
  } finally {
    unregister();
    cleanup();
  }
}

async function timed<T>(step: string, work: () => Promise<T>): Promise<T> {
  say(`[${step}]`);
  const started = performance.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // Whatever went wrong, the report must say in which step.
    if (error instanceof StepError) throw error;
    throw new StepError(step.replace(/^\d\/\d /, ''), (error as Error).message);
  }
  say(`      ok (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function makeJobs(): number {
  return Math.max(1, os.availableParallelism());
}

async function extract(tarball: string, workDir: string, logFile: string): Promise<string> {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  await runStep({ step: 'extract', command: 'tar', args: ['-xf', tarball, '-C', workDir], logFile });
  const entries = readdirSync(workDir);
  if (entries.length !== 1 || !entries[0])
    throw new StepError('extract', `expected one top-level directory in ${path.basename(tarball)}, found: ${entries.join(', ')}`);
  const root = path.join(workDir, entries[0]);
  // A repacked (+dfsg) tarball could have dropped the bundled jemalloc; without it the build
  // would silently fall back to libc malloc and never defrag.
  if (!existsSync(path.join(root, 'deps', 'jemalloc'))) {
    throw new StepError('extract', `${path.basename(tarball)} has no deps/jemalloc: cannot build a defrag-capable server from it`);
  }
  say(`      ${root}`);
  return root;
}

async function make(sourceRoot: string, logFile: string): Promise<void> {
  // The Makefile would honour these from the environment and quietly build a server that cannot
  // defrag (system jemalloc, or libc malloc); command-line MALLOC wins over the environment anyway.
  const env = { ...process.env };
  delete env.USE_SYSTEM_JEMALLOC;
  delete env.MALLOC;
  let compiled = 0;
  await runStep({
    step: 'make',
    command: 'make',
    args: [`-j${makeJobs()}`, 'BUILD_TLS=no', 'MALLOC=jemalloc'],
    cwd: sourceRoot,
    env,
    logFile,
    heartbeatMs: 15_000,
    status: () => `${compiled} objects compiled`,
    onLine: (line) => {
      // The server's Makefile prints "CC foo.o" per object (quiet mode), the bundled deps print
      // full compiler command lines; "MAKE dep" and "LINK binary" are the milestones worth showing.
      if (/^\s*CC\s/.test(line) || /^(\S*-)?(gcc|cc|clang)\s.*\s-c\s/.test(line)) compiled += 1;
      else if (/^\s*(MAKE|LINK|INSTALL)\s/.test(line)) say(`      ${line.trim()}`);
    },
  });
  say(`      ${compiled} objects compiled`);
}

/** Starts the fresh binary on a free port and asks it the side-effect-free defrag question. */
async function verify(binary: string, spec: EngineSpec, expectedUpstream: string): Promise<string> {
  const server = await startRedis({ binary });
  // A SIGTERM reaches only us, not the server: stop it ourselves rather than orphan it.
  const unregister = onInterrupt(() => server.kill());
  try {
    const client = await connectLab(server.url);
    try {
      // mem_allocator is reported under INFO memory, the versions under INFO server.
      const info = parseInfoText(`${await client.info('server')}\n${await client.info('memory')}`).values;
      const version = info.get(spec.versionField) ?? '';
      const allocator = info.get('mem_allocator') ?? '';
      const probe = await probeDefragSupport(client);
      say(`      started on port ${server.port}: ${spec.versionField}=${version}, mem_allocator=${allocator}`);
      if (version !== expectedUpstream) throw new StepError('verify', `${spec.versionField} is ${version}, expected ${expectedUpstream}`);
      if (probe.supported !== true) {
        throw new StepError('verify', `active defrag is ${probe.supported === false ? 'NOT supported' : 'of unknown support'} by this build: ${probe.detail}`);
      }
      say(`      defrag supported: the probe's error names 'active-defrag-cycle-min', not 'activedefrag'`);
      const name = spec.versionField === 'valkey_version' ? 'valkey' : 'redis';
      return `${name} ${version} (${allocator})`;
    } finally {
      client.disconnect();
    }
  } finally {
    unregister();
    await server.stop();
  }
}

/**
 * One build per engine at a time (a background `build --engine all` and a manual build would
 * otherwise race on the same temp names). The lock holds our pid; a lock whose pid is gone is stale.
 */
function takeLock(lockFile: string, engine: LabEngine): () => void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(lockFile, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSafe(lockFile));
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new StepError('lock', `another build of ${engine} is running (pid ${holder}); lock ${lockFile}`);
      }
      rmSync(lockFile, { force: true });
    }
  }
  throw new StepError('lock', `could not take ${lockFile}`);
}

/** Work dirs of builds that were killed (pid no longer alive), e.g. by SIGKILL or a reboot. */
function removeStaleWorkDirs(buildRoot: string, engine: LabEngine): void {
  if (!existsSync(buildRoot)) return;
  for (const name of readdirSync(buildRoot)) {
    const match = new RegExp(`^${engine.replace('.', '\\.')}-(\\d+)$`).exec(name);
    const pid = Number(match?.[1]);
    if (match && pid !== process.pid && !isAlive(pid)) rmSync(path.join(buildRoot, name), { recursive: true, force: true });
  }
  // Temp binaries of killed builds.
  const dir = engineDir(engine);
  for (const name of readdirSync(dir)) {
    const pid = Number(/\.tmp-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(path.join(dir, name), { force: true });
  }
}

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
