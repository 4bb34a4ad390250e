import type { CommandHistogram } from '../latency-histogram-parser';

/**
 * Windowed percentiles from the server's cumulative-since-start latency histograms. Pure.
 *
 * A window is the difference of two readings: the calls a command made between them, per bucket.
 * The server prints only buckets whose count grew, so a bound missing from a reading carries the
 * count of the nearest printed bound below it. A percentile is the upper bound of the first bucket
 * whose cumulative count reaches the rank: with power-of-two buckets a p99 of 1056 µs means
 * "between 528 and 1056 µs".
 */

export const BUCKET_RESOLUTION =
  'power-of-two buckets (the server records in ns and prints whole µs: 1, 2, 4, 8, 16, 33, 66, 132, 264, 528, 1056, ...): a p99 of 1056 µs means between 528 and 1056 µs';

/** The percentiles we report, in thousandths (integer maths: 0.99 * 100 is 99.00000000000001 in floats). */
export const PERCENTILES = [
  { key: 'p50', permille: 500 },
  { key: 'p99', permille: 990 },
  { key: 'p999', permille: 999 },
] as const;
export type PercentileKey = (typeof PERCENTILES)[number]['key'];

/** One read of LATENCY HISTOGRAM for the commands we asked about. */
export interface HistogramReading {
  at: number;
  /** INFO run_id when known: another one means a restart, so nothing is differenced across it. */
  runId: string | null;
  /** The commands asked for: only those present in both readings' questions can be differenced. */
  asked: readonly string[];
  /** The answers; a command asked for but absent has made no call since start or CONFIG RESETSTAT. */
  commands: ReadonlyMap<string, CommandHistogram>;
  /** INFO stats `eventloop_cycles` / `eventloop_duration_sum` of the same poll (Redis >= 7.2, Valkey); null before. */
  loop?: EventLoopCounters | null;
}

/** Event-loop cycles and their summed duration in µs: cumulative in a reading, the difference in a window. */
export interface EventLoopCounters {
  cycles: number;
  usec: number;
}

export interface WindowDelta {
  from: number;
  to: number;
  /** Counters went backwards (CONFIG RESETSTAT) or run_id changed: this window is left empty. */
  reset: boolean;
  /** Per command, the calls made within the window (cumulative per bucket); zero-call commands included. */
  commands: Map<string, CommandHistogram>;
  /** The event loop's cycles and time within the window; null where a reading lacks them. */
  loop: EventLoopCounters | null;
}

const empty = (command: string): CommandHistogram => ({ command, calls: 0, bounds: [], cumulative: [] });

/** Calls at or below `bound`: the count of the largest printed bound not above it. */
export function cumulativeAt(h: CommandHistogram, bound: number): number {
  let count = 0;
  for (let i = 0; i < h.bounds.length && h.bounds[i]! <= bound; i++) count = h.cumulative[i]!;
  return count;
}

function unionBounds(a: CommandHistogram, b: CommandHistogram): number[] {
  return [...new Set([...a.bounds, ...b.bounds])].sort((x, y) => x - y);
}

/** `now - before`, or null when any count went down (the histogram was reset in between). */
export function subtractHistogram(now: CommandHistogram, before: CommandHistogram): CommandHistogram | null {
  if (now.calls < before.calls) return null;
  const bounds: number[] = [];
  const cumulative: number[] = [];
  for (const bound of unionBounds(now, before)) {
    const d = cumulativeAt(now, bound) - cumulativeAt(before, bound);
    if (d < 0) return null;
    // Keep only bounds where the window's count grows, as the server prints them.
    if (d > (cumulative.at(-1) ?? 0)) {
      bounds.push(bound);
      cumulative.push(d);
    }
  }
  return { command: now.command, calls: now.calls - before.calls, bounds, cumulative };
}

export function addHistograms(command: string, parts: readonly CommandHistogram[]): CommandHistogram {
  const all = parts.filter((p) => p.calls > 0);
  const bounds = [...new Set(all.flatMap((p) => p.bounds))].sort((x, y) => x - y);
  return {
    command,
    calls: all.reduce((sum, p) => sum + p.calls, 0),
    bounds,
    cumulative: bounds.map((b) => all.reduce((sum, p) => sum + cumulativeAt(p, b), 0)),
  };
}

/** The bucket bound (µs) holding the `permille`-th thousandth call, or null without calls. */
export function percentileUsec(h: CommandHistogram, permille: number): number | null {
  const total = h.cumulative.at(-1) ?? 0;
  if (total <= 0) return null;
  const rank = Math.max(1, Math.ceil((permille * total) / 1000));
  const index = h.cumulative.findIndex((count) => count >= rank);
  return h.bounds[index === -1 ? h.bounds.length - 1 : index]!;
}

export function percentilesOf(h: CommandHistogram): Record<PercentileKey, number | null> {
  return { p50: percentileUsec(h, 500), p99: percentileUsec(h, 990), p999: percentileUsec(h, 999) };
}

/** The calls between two consecutive readings, per command asked for in both. */
export function windowDelta(before: HistogramReading, now: HistogramReading): WindowDelta {
  const window: WindowDelta = { from: before.at, to: now.at, reset: false, commands: new Map(), loop: loopDelta(before.loop, now.loop) };
  if (before.runId !== null && now.runId !== null && before.runId !== now.runId) return { ...window, reset: true, loop: null };
  const askedBefore = new Set(before.asked);
  for (const command of now.asked) {
    if (!askedBefore.has(command)) continue;
    const delta = subtractHistogram(now.commands.get(command) ?? empty(command), before.commands.get(command) ?? empty(command));
    // CONFIG RESETSTAT clears every command at once: one going down means the whole window is unknown.
    if (delta === null) return { ...window, reset: true, commands: new Map(), loop: null };
    window.commands.set(command, delta);
  }
  return window;
}

/** Consecutive windows merged into one (the calls of all of them); `reset` if any of them was. */
export function mergeWindows(windows: readonly WindowDelta[]): WindowDelta | null {
  if (windows.length === 0) return null;
  const byCommand = new Map<string, CommandHistogram[]>();
  for (const w of windows) for (const [command, h] of w.commands) byCommand.set(command, [...(byCommand.get(command) ?? []), h]);
  return {
    from: windows[0]!.from,
    to: windows.at(-1)!.to,
    reset: windows.some((w) => w.reset),
    commands: new Map([...byCommand].map(([command, parts]) => [command, addHistograms(command, parts)])),
    loop: sumLoops(windows.map((w) => w.loop)),
  };
}

/** A window's event-loop figures; null when either reading lacks them or they went backwards (a restart). */
function loopDelta(before: EventLoopCounters | null | undefined, now: EventLoopCounters | null | undefined): EventLoopCounters | null {
  if (!before || !now || now.cycles < before.cycles || now.usec < before.usec) return null;
  return { cycles: now.cycles - before.cycles, usec: now.usec - before.usec };
}

function sumLoops(loops: ReadonlyArray<EventLoopCounters | null>): EventLoopCounters | null {
  const known = loops.filter((l): l is EventLoopCounters => l !== null);
  if (known.length === 0) return null;
  return { cycles: known.reduce((s, l) => s + l.cycles, 0), usec: known.reduce((s, l) => s + l.usec, 0) };
}

/** Mean µs per event-loop cycle over a window, or null without cycles. */
export function usecPerCycle(loop: EventLoopCounters | null): number | null {
  return loop && loop.cycles > 0 ? loop.usec / loop.cycles : null;
}

/** Every command of a window together ("all traffic" of the commands read). */
export function allCommands(window: WindowDelta): CommandHistogram {
  return addHistograms('all', [...window.commands.values()]);
}

/**
 * The windows that stand for a span of time: those wholly inside it, and those that lie mostly
 * (half or more of their length) inside it. A defrag run often lasts a few seconds, as long as one
 * or two sampler windows (5 s by default): wholly-inside windows alone left a 2 s run, or an 8 s one
 * between two 5 s readings, with no "during" figures at all. A window straddling the span's start
 * counts for the span only when most of its time lies in it, so the span before (wholly inside,
 * ending at the start) and this one never share a window.
 */
export function windowsMostlyWithin(windows: readonly WindowDelta[], from: number, to: number): WindowDelta[] {
  return windows.filter((w) => {
    const length = w.to - w.from;
    const overlap = Math.min(w.to, to) - Math.max(w.from, from);
    return length > 0 ? overlap * 2 >= length : w.from >= from && w.to <= to;
  });
}
