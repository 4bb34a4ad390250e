import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { onInterrupt } from './interrupt';

/** A failed build step: which one, and the evidence (exit code and last output lines). */
export class StepError extends Error {
  constructor(
    readonly step: string,
    readonly detail: string,
  ) {
    super(`step "${step}" failed: ${detail}`);
    this.name = 'StepError';
  }
}

export interface RunOptions {
  /** Step name used in heartbeats and errors. */
  step: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every output line is appended here, so a failure can be read in full later. */
  logFile: string;
  /** Sees every output line (ANSI colours stripped); used to print milestones. */
  onLine?: (line: string) => void;
  /** Extra text for the heartbeat, e.g. "42 objects compiled". */
  status?: () => string;
  heartbeatMs?: number;
  /** Resolve with the exit code instead of throwing (apt may fail on parts we do not need). */
  allowFailure?: boolean;
  /** Keep all of stdout (for commands whose output we parse, e.g. apt-cache showsrc). */
  captureStdout?: boolean;
}

export interface RunResult {
  code: number;
  tail: string[];
  /** Full stdout when `captureStdout` was set, else ''. */
  stdout: string;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
const TAIL_LINES = 40;

/**
 * Runs one external command with condensed progress: output goes to the log file, the console
 * gets a heartbeat line every `heartbeatMs` (a build is silent for minutes otherwise). The child
 * gets its own process group so an interrupt can stop `make` together with its compilers.
 */
export function runStep(options: RunOptions): Promise<RunResult> {
  const started = Date.now();
  appendFileSync(options.logFile, `\n### ${options.step}: ${options.command} ${options.args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const tail: string[] = [];
    let lastLine = '';
    const pending = { stdout: '', stderr: '' };
    let captured = '';
    const take = (stream: 'stdout' | 'stderr') => (data: Buffer) => {
      const text = data.toString();
      if (stream === 'stdout' && options.captureStdout) captured += text;
      appendFileSync(options.logFile, text);
      const lines = (pending[stream] + text).split('\n');
      pending[stream] = lines.pop() ?? '';
      for (const raw of lines) handleLine(raw);
    };
    const handleLine = (raw: string) => {
      const line = raw.replace(ANSI, '').trimEnd();
      if (!line) return;
      lastLine = line;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      options.onLine?.(line);
    };
    child.stdout.on('data', take('stdout'));
    child.stderr.on('data', take('stderr'));

    const heartbeat = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      const status = options.status?.();
      const last = lastLine.length > 70 ? `${lastLine.slice(0, 67)}...` : lastLine;
      console.log(`      ... ${options.step}: ${seconds}s${status ? `, ${status}` : ''}${last ? ` (last: ${last})` : ''}`);
    }, options.heartbeatMs ?? 15_000);

    const stopChild = () => {
      if (child.pid !== undefined && child.exitCode === null) {
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    };
    const unregister = onInterrupt(stopChild);

    child.on('error', (error) => {
      clearInterval(heartbeat);
      unregister();
      reject(new StepError(options.step, `could not run ${options.command}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      unregister();
      for (const stream of ['stdout', 'stderr'] as const) if (pending[stream]) handleLine(pending[stream]);
      const exitCode = code ?? 128;
      if (exitCode !== 0 && !options.allowFailure) {
        const why = signal ? `killed by ${signal}` : `${options.command} exited with code ${exitCode}`;
        reject(new StepError(options.step, `${why}\n${indent(tail.slice(-20))}\n      (full log: ${options.logFile})`));
        return;
      }
      resolve({ code: exitCode, tail, stdout: captured });
    });
  });
}

export function indent(lines: string[], prefix = '      | '): string {
  return lines.map((l) => `${prefix}${l}`).join('\n');
}
