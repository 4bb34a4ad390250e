import type { LatencyCost, LatencyCostRow, LatencyStatus } from './api-schema';
import { allCommands, percentileUsec, usecPerCycle, type WindowDelta } from './histogram-math';

/**
 * The latency cost of a defrag run: p99 per busy command during the run against the 5 minutes
 * before it, from the merged histogram deltas of each span. Pure.
 */

export const BEFORE_RUN_MS = 5 * 60_000;
/** Fewer calls than this in either span and the p99 is little more than the slowest call: no row. */
export const MIN_CALLS = 100;
/** Rows named in the one-line summary. */
const TEXT_ROWS = 3;

export interface LatencyCostInput {
  status: LatencyStatus;
  reason: string | null;
  runFrom: number;
  runTo: number;
  before: WindowDelta | null;
  during: WindowDelta | null;
  meanEffort: number | null;
  peakEffort: number | null;
}

export function latencyCost(input: LatencyCostInput): LatencyCost {
  const { before, during } = input;
  const rows: LatencyCostRow[] = [];
  if (before && during) {
    for (const [command, h] of during.commands) {
      const b = before.commands.get(command);
      if (!b || b.calls < MIN_CALLS || h.calls < MIN_CALLS) continue;
      rows.push(row(command, b, h));
    }
  }
  rows.sort((a, b) => b.duringCalls - a.duringCalls);
  const all = before && during && rows.length > 0 ? row('all', allCommands(before), allCommands(during)) : null;
  const loopBefore = before ? usecPerCycle(before.loop) : null;
  const loopDuring = during ? usecPerCycle(during.loop) : null;
  const eventLoop =
    loopBefore !== null && loopDuring !== null
      ? { beforeUsecPerCycle: Math.round(loopBefore), duringUsecPerCycle: Math.round(loopDuring), ratio: loopBefore > 0 ? loopDuring / loopBefore : null }
      : null;
  const base = {
    status: input.status,
    reason: input.reason,
    beforeFrom: input.runFrom - BEFORE_RUN_MS,
    runFrom: input.runFrom,
    runTo: input.runTo,
    meanEffort: input.meanEffort,
    peakEffort: input.peakEffort,
    rows,
    all,
    eventLoop,
  };
  return { ...base, text: costText(base) };
}

function row(command: string, before: { calls: number } & Parameters<typeof percentileUsec>[0], during: typeof before): LatencyCostRow {
  const beforeP99Usec = percentileUsec(before, 990);
  const duringP99Usec = percentileUsec(during, 990);
  return {
    command,
    beforeP99Usec,
    duringP99Usec,
    beforeCalls: before.calls,
    duringCalls: during.calls,
    ratio: beforeP99Usec && duringP99Usec !== null ? duringP99Usec / beforeP99Usec : null,
  };
}

/** "8 µs", "264 µs", "1.1 ms", "17 ms": bucket bounds as the server prints them, in ms from 1 ms up. */
export function formatUsec(usec: number | null): string {
  if (usec === null) return '–';
  if (usec < 1000) return `${usec} µs`;
  const ms = usec / 1000;
  return `${ms < 10 ? ms.toFixed(1) : ms.toFixed(0)} ms`;
}

/** "GET p99 264 µs -> 1.1 ms, SET p99 ...; event-loop cycle 35 µs -> 520 µs while defrag ran at 25 % CPU (peak 75 %)". */
export function costText(cost: Omit<LatencyCost, 'text'>): string | null {
  if (cost.status !== 'ok' && cost.rows.length === 0) return cost.reason ? `Latency cost not measured: ${cost.reason}` : null;
  if (cost.rows.length === 0) return null;
  const parts = cost.rows.slice(0, TEXT_ROWS).map((r) => `${r.command.toUpperCase()} p99 ${formatUsec(r.beforeP99Usec)} -> ${formatUsec(r.duringP99Usec)}`);
  const effort =
    cost.meanEffort === null
      ? ''
      : ` while defrag ran at ${Math.round(cost.meanEffort)} % CPU${cost.peakEffort !== null && cost.peakEffort > Math.round(cost.meanEffort) ? ` (peak ${cost.peakEffort} %)` : ''}`;
  const loop = cost.eventLoop ? `; event-loop cycle ${formatUsec(cost.eventLoop.beforeUsecPerCycle)} -> ${formatUsec(cost.eventLoop.duringUsecPerCycle)}` : '';
  return `${parts.join(', ')}${loop}${effort}`;
}

/** The busy command whose p99 rose the most (the one an alert or diagnosis names). */
export function worstRow(cost: LatencyCost): LatencyCostRow | null {
  let worst: LatencyCostRow | null = null;
  for (const r of cost.rows) if (r.ratio !== null && (worst?.ratio == null || r.ratio > worst.ratio)) worst = r;
  return worst;
}

/**
 * Which cycle-max to try when latency rose: about half the mean effort that coincided with the rise
 * (the CPU a cycle takes is what delays other clients), never below cycle-min. Null without figures.
 */
export function suggestedCycleMax(meanEffort: number | null, cycleMin: number | null, cycleMax: number | null): number | null {
  if (meanEffort === null || meanEffort <= 0) return null;
  const half = Math.max(1, Math.round(meanEffort / 2));
  const floor = cycleMin ?? 1;
  const suggestion = Math.max(half, floor);
  return cycleMax !== null && suggestion >= cycleMax ? null : suggestion;
}
