/**
 * The lab's command dispatcher (see cli.mts for the entry point). Each command lives in its own
 * module; this file only routes and prints.
 */
import { parseLabArgs, UsageError, USAGE } from './args';
import { buildEngine, type BuildOutcome } from './build';
import { churn } from '../../lib/lab/churn';
import { redactUrl } from '../../lib/lab/connect';
import { fragment } from '../../lib/lab/fragment';
import { formatBytes, formatRatio } from '../../lib/lab/memory-figures';
import { formatFiguresTable } from './figures-table';
import { StepError } from './run-step';
import { startCommand } from './start';

async function main(argv: string[]): Promise<number> {
  const command = parseLabArgs(argv);
  switch (command.command) {
    case 'help':
      console.log(USAGE);
      return 0;

    case 'build': {
      const outcomes: Array<BuildOutcome | { engine: string; error: string }> = [];
      for (const engine of command.engines) {
        try {
          outcomes.push(await buildEngine(engine, { rebuild: command.rebuild }));
        } catch (error) {
          // With --engine all, one failing engine should not hide the others' results.
          const message = error instanceof StepError ? error.message : `unexpected error: ${(error as Error).message}`;
          console.error(`${engine}: BUILD FAILED, ${message}`);
          outcomes.push({ engine, error: message.split('\n')[0] ?? message });
        }
        console.log('');
      }
      if (command.engines.length > 1) {
        console.log('summary:');
        for (const o of outcomes) {
          if ('error' in o) console.log(`  ${o.engine.padEnd(11)} FAILED  ${o.error}`);
          else console.log(`  ${o.engine.padEnd(11)} ${o.skipped ? 'cached ' : `${o.seconds.toFixed(0).padStart(5)} s`}  ${o.binary}`);
        }
      }
      return outcomes.some((o) => 'error' in o) ? 1 : 0;
    }

    case 'start':
      return startCommand(command);

    case 'fragment': {
      console.log(`fragment: ${redactUrl(command.url)}, ${command.keys.toLocaleString('en')} keys, shape ${command.shape}`);
      const result = await fragment(command.url, {
        keys: command.keys,
        shape: command.shape,
        force: command.force,
        onProgress: (message) => console.log(`fragment: ${message}`),
      });
      console.log(
        `fragment: done in ${result.seconds.toFixed(1)} s (fill ${result.fillSeconds.toFixed(1)} s via ${result.method}, ` +
          `delete ${result.deleteSeconds.toFixed(1)} s); ${result.deleted.toLocaleString('en')} of ${result.written.toLocaleString('en')} keys deleted`,
      );
      console.log(
        formatFiguresTable([
          ['before', result.before],
          ['filled', result.filled],
          ['after', result.after],
        ]),
      );
      const a = result.after;
      console.log(
        `fragment: allocator_frag_ratio ${formatRatio(result.before.allocator_frag_ratio)} -> ${formatRatio(a.allocator_frag_ratio)} ` +
          `(${formatBytes(a.allocator_frag_bytes)} of allocator waste: the figure active defrag works on), mem_fragmentation_ratio ${formatRatio(a.mem_fragmentation_ratio)}`,
      );
      return 0;
    }

    case 'churn': {
      // Ctrl-C ends the run early but still prints the summary.
      const controller = new AbortController();
      const stop = () => controller.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        await churn(command.url, {
          rate: command.rate,
          seconds: command.seconds,
          force: command.force,
          signal: controller.signal,
          onReport: (line) => console.log(line),
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
      return 0;
    }
  }
}

/**
 * Runs one lab command and returns the exit code; errors become one readable line (a stack only
 * with FRAGSCOPE_LAB_DEBUG=1). Usage mistakes exit 2, failures 1.
 */
export async function runCli(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`lab: ${error.message}\n(npm run lab -- help for usage)`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    console.error(`lab: ${message}`);
    if (process.env.FRAGSCOPE_LAB_DEBUG && error instanceof Error) console.error(error.stack);
    return 1;
  }
}
