import { connectLab, redactUrl } from './connect';
import { requireLabServer } from './guard';
import { formatBytes, formatRatio, readMemoryFigures, type MemoryFigures } from './memory-figures';

export interface ChurnOptions {
  /** Operations (SET or DEL) per second. */
  rate: number;
  seconds: number;
  force?: boolean;
  /** Ends the run early but cleanly (the summary is still produced). */
  signal?: AbortSignal;
  /** One line every few seconds. */
  onReport?: (line: string) => void;
  /** Size of the random keyspace; default 10 s worth of operations (see below). */
  slots?: number;
}

export interface ChurnResult {
  ops: number;
  errors: number;
  /** Operations dropped because the server could not keep up (we never burst to catch up). */
  skipped: number;
  seconds: number;
  before: MemoryFigures;
  after: MemoryFigures;
  prefix: string;
}

const TICK_MS = 100;
/** Share of SETs: a little over half, so the keyspace settles around half full with random holes. */
const SET_SHARE = 0.55;

/**
 * Steady random SETs (sizes drifting over time, often replacing a value of another size class)
 * and DELs of random slots. Unlike `fragment`'s one-off holes this keeps punching new holes while
 * defrag works, which is what a live dashboard should be shown against. Paced per 100 ms tick;
 * stops by itself after `seconds`.
 */
export async function churn(url: string, options: ChurnOptions): Promise<ChurnResult> {
  const report = options.onReport ?? (() => undefined);
  const client = await connectLab(url);
  try {
    await requireLabServer(client, redactUrl(url), options.force ?? false);
    // ~10 s of operations as slots: the keyspace reaches its steady ~55% fill within seconds (a
    // growing keyspace would refill holes instead of making them), and memory stays bounded.
    const slots = options.slots ?? Math.min(2_000_000, Math.max(10_000, options.rate * 10));
    const prefix = `fragscope:churn:${Date.now().toString(36)}`;
    const before = await readMemoryFigures(client);
    report(`churn: ${options.rate.toLocaleString('en')} ops/s for ${options.seconds} s over ${slots.toLocaleString('en')} key slots (prefix ${prefix})`);
    report(`churn: start  ${line(before)}`);

    const reportEvery = options.seconds <= 10 ? 2000 : 5000;
    const started = performance.now();
    const end = started + options.seconds * 1000;
    let issued = 0;
    let ops = 0;
    let errors = 0;
    let skipped = 0;
    let lastReport = started;
    while (!options.signal?.aborted) {
      const now = performance.now();
      if (now >= end) break;
      let owed = Math.floor((options.rate * (now - started)) / 1000) - issued;
      if (owed > options.rate) {
        // More than a second behind: the server is saturated. Drop the backlog instead of
        // bursting, so the configured rate stays an upper bound.
        skipped += owed - options.rate;
        issued += owed - options.rate;
        owed = options.rate;
      }
      if (owed > 0) {
        const pipeline = client.pipeline();
        for (let n = 0; n < owed; n += 1) {
          const key = `${prefix}:${Math.floor(Math.random() * slots)}`;
          if (Math.random() < SET_SHARE) pipeline.set(key, FILLER.slice(0, driftingValueSize(now - started)));
          else pipeline.del(key);
        }
        issued += owed;
        const results = (await pipeline.exec()) ?? [];
        for (const [error] of results) {
          if (error) errors += 1;
          else ops += 1;
        }
      }
      const after = performance.now();
      if (after - lastReport >= reportEvery) {
        lastReport = after;
        const figures = await readMemoryFigures(client);
        const elapsed = (after - started) / 1000;
        report(
          `churn: ${elapsed.toFixed(0).padStart(4)}s  ops ${ops.toLocaleString('en')} (${Math.round(ops / elapsed).toLocaleString('en')}/s)  keys ${(await client.dbsize()).toLocaleString('en')}  ${line(figures)}`,
        );
      }
      await sleep(Math.max(0, TICK_MS - (performance.now() - now)));
    }
    const seconds = (performance.now() - started) / 1000;
    await sleep(300); // let the server's 100 ms stats sampling catch up before the last reading
    const afterFigures = await readMemoryFigures(client);
    report(
      `churn: done ${seconds.toFixed(1)} s${options.signal?.aborted ? ' (stopped early)' : ''}: ${ops.toLocaleString('en')} ops` +
        `${errors ? `, ${errors} errors` : ''}${skipped ? `, ${skipped.toLocaleString('en')} skipped (server saturated)` : ''}  ${line(afterFigures)}`,
    );
    return { ops, errors, skipped, seconds, before, after: afterFigures, prefix };
  } finally {
    client.disconnect();
  }
}

const FILLER = 'c'.repeat(2560);
/** One sweep of the size window up and back down. */
const DRIFT_PERIOD_MS = 30_000;

/**
 * Value size at `elapsedMs`: a +-25% window around a centre that sweeps 16 B -> 2 KB -> 16 B
 * (log scale) every DRIFT_PERIOD_MS. jemalloc keeps each size class on its own pages, so values
 * deleted or overwritten from an older size class leave holes that the new writes (in other
 * classes) do not refill: that is what makes steady churn fragment instead of recycling.
 */
export function driftingValueSize(elapsedMs: number): number {
  const phase = (elapsedMs % DRIFT_PERIOD_MS) / DRIFT_PERIOD_MS;
  const triangle = 1 - Math.abs(2 * phase - 1);
  const centre = 16 * 2 ** (triangle * 7);
  return Math.max(1, Math.round(centre * (0.75 + Math.random() * 0.5)));
}

function line(f: MemoryFigures): string {
  return (
    `allocator_frag_ratio ${formatRatio(f.allocator_frag_ratio)}  allocator_frag_bytes ${formatBytes(f.allocator_frag_bytes)}  ` +
    `mem_fragmentation_ratio ${formatRatio(f.mem_fragmentation_ratio)}  used_memory ${formatBytes(f.used_memory)}` +
    (f.active_defrag_running ? `  active_defrag_running ${f.active_defrag_running}` : '')
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
