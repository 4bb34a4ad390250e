import 'server-only';

/**
 * The server's one logger: every line starts with `[fragscope]`, so an operator can pick the
 * dashboard's own lines out of Next's output (and the fault suite reads the log for stack traces
 * and secrets). `info` for what happened, `error` for what failed; extra arguments are printed by
 * the console as they are (an object is inspected, not turned into "[object Object]").
 */
export const log = {
  info(message: string, ...details: unknown[]): void {
    console.info(`[fragscope] ${message}`, ...details);
  },
  error(message: string, ...details: unknown[]): void {
    console.error(`[fragscope] ${message}`, ...details);
  },
};
