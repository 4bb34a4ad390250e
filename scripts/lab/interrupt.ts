/**
 * Ctrl-C / SIGTERM during a long command (a build) must not leave a half-written binary, a stale
 * lock or an orphaned `make`. Steps register what to undo; on the first signal the undo actions
 * run newest first, then the process exits with the conventional 128+signal code. A second
 * signal exits at once, for when an undo action itself hangs.
 */
type Cleanup = () => void | Promise<void>;

const cleanups = new Set<Cleanup>();
let installed = false;
let interrupted = false;

export function onInterrupt(cleanup: Cleanup): () => void {
  install();
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

export function wasInterrupted(): boolean {
  return interrupted;
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void handle(signal));
  }
}

async function handle(signal: NodeJS.Signals): Promise<void> {
  const code = signal === 'SIGINT' ? 130 : 143;
  if (interrupted) process.exit(code);
  interrupted = true;
  process.stderr.write(`\nlab: ${signal} received, cleaning up...\n`);
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      process.stderr.write(`lab: cleanup failed: ${(error as Error).message}\n`);
    }
  }
  process.exit(code);
}
