import 'server-only';
import { versionAtLeast } from '@/lib/decision/version';
import type { LatencyCost, LatencyPercentiles, LatencyResponse, LatencyStatus } from '@/lib/latency/api-schema';
import {
  allCommands,
  BUCKET_RESOLUTION,
  mergeWindows,
  windowsMostlyWithin,
  percentilesOf,
  usecPerCycle,
  windowDelta,
  type HistogramReading,
  type WindowDelta,
} from '@/lib/latency/histogram-math';
import { BEFORE_RUN_MS, latencyCost } from '@/lib/latency/latency-cost';
import { classifyLatencyError, parseCommandStats, parseLatencyHistogram } from '@/lib/latency-histogram-parser';

/** What the poll pipeline adds for the latency sampler this time (possibly nothing). */
export interface LatencyPlan {
  at: number;
  stats: boolean;
  histogram: readonly string[] | null;
  calls: Array<[string, ...string[]]>;
}

export interface LatencySamplerOptions {
  /** FRAGSCOPE_LATENCY_MS. */
  intervalMs: number;
  /** INFO commandstats (to find the busy commands) at most this often. */
  commandstatsMs?: number;
  /** How far the readings reach back; memory is bounded by it (retention / interval readings). */
  retentionMs?: number;
  maxCommands?: number;
}

type Reply = readonly [Error | null, unknown];

/**
 * The dashboard's own commands: at one poll a second they would top the list on a quiet server and
 * measure ourselves, not the application.
 */
const OWN_COMMANDS = new Set(['info', 'latency|histogram', 'latency|latest', 'config|get', 'ping', 'client|setname', 'client|setinfo']);
/** A refused LATENCY HISTOGRAM is asked again this rarely (an ACL or rename can be fixed live). */
const RETRY_REFUSED_MS = 10 * 60_000;
/** Defrag counts as over after this long at 0 % (runs dip between passes). */
const RUN_IDLE_MS = 30_000;

const DEFAULT_RETENTION_MS = 6 * 3_600_000;
const DEFAULT_MAX_COMMANDS = 6;

/**
 * One target's latency histograms, driven by its poller (lib/server/polling/target-poller.ts): the
 * poller asks `plan()` what to add to a poll's pipeline and hands the replies to `accept()`, so a
 * target is never asked more than once per FRAGSCOPE_LATENCY_MS whatever the number of viewers.
 * Readings live in a fixed-size ring; windows are computed when asked (lib/latency/).
 */
export class LatencySampler {
  readonly intervalMs: number;
  private readonly commandstatsMs: number;
  private readonly maxCommands: number;
  private readonly capacity: number;
  private readonly ring: HistogramReading[] = [];
  private head = 0;
  private commands: string[] = [];
  private lastStats: Map<string, number> | null = null;
  private nextStatsAt = 0;
  private nextHistogramAt = 0;
  private status: LatencyStatus = 'waiting';
  private reason: string | null = null;
  private trackingOff = false;
  private runStart: number | null = null;
  private lastRunningAt: number | null = null;
  private effort: { sum: number; n: number; peak: number } = { sum: 0, n: 0, peak: 0 };
  private liveCost: LatencyCost | null = null;

  constructor(options: LatencySamplerOptions) {
    this.intervalMs = options.intervalMs;
    this.commandstatsMs = Math.max(options.commandstatsMs ?? 60_000, options.intervalMs);
    this.maxCommands = options.maxCommands ?? DEFAULT_MAX_COMMANDS;
    this.capacity = Math.max(2, Math.ceil((options.retentionMs ?? DEFAULT_RETENTION_MS) / options.intervalMs) + 1);
  }

  /** The calls this poll should carry, given the server's version (null: not known yet). */
  plan(now: number, version: string | null): LatencyPlan {
    const none: LatencyPlan = { at: now, stats: false, histogram: null, calls: [] };
    if (version === null) return none;
    if (!versionAtLeast(version, 7)) {
      this.status = 'unsupported';
      this.reason = `Redis ${version} has no LATENCY HISTOGRAM (it came with 7.0): per-command latency percentiles cannot be shown`;
      return none;
    }
    const stats = now >= this.nextStatsAt;
    const histogram = now >= this.nextHistogramAt && this.commands.length > 0 ? [...this.commands] : null;
    const calls: LatencyPlan['calls'] = [];
    if (stats) calls.push(['INFO', 'commandstats'], ['CONFIG', 'GET', 'latency-tracking']);
    if (histogram) calls.push(['LATENCY', 'HISTOGRAM', ...histogram]);
    return { at: now, stats, histogram, calls };
  }

  /** The replies to `plan.calls`, in order; `scrub` takes secrets out of error text. */
  accept(plan: LatencyPlan, replies: readonly Reply[], runId: string | null, scrub: (text: string) => string): void {
    let i = 0;
    if (plan.stats) {
      this.nextStatsAt = plan.at + this.commandstatsMs;
      const [statsError, statsText] = replies[i++] ?? [new Error('no reply'), null];
      const [, tracking] = replies[i++] ?? [null, null];
      if (!statsError && typeof statsText === 'string') this.chooseCommands(statsText);
      this.trackingOff = Array.isArray(tracking) && String(tracking[1]).toLowerCase() === 'no';
    }
    if (plan.histogram) {
      this.nextHistogramAt = plan.at + this.intervalMs;
      const [error, reply] = replies[i] ?? [new Error('no reply'), null];
      if (error) {
        this.status = classifyLatencyError(error.message);
        this.reason = `LATENCY HISTOGRAM was refused: ${scrub(error.message).slice(0, 300)}`;
        this.nextHistogramAt = plan.at + RETRY_REFUSED_MS;
        return;
      }
      const parsed = parseLatencyHistogram(reply);
      if (!parsed.ok) {
        this.status = 'unavailable';
        this.reason = parsed.error;
        return;
      }
      this.push({ at: plan.at, runId, asked: plan.histogram, commands: new Map(parsed.commands.map((c) => [c.command, c])) });
      this.status = this.size >= 2 ? 'ok' : 'waiting';
      this.reason = null;
      this.updateLiveCost(plan.at);
    }
    if (this.trackingOff) {
      this.status = 'disabled';
      this.reason = 'latency-tracking is no: the server keeps no histograms (CONFIG SET latency-tracking yes turns them on)';
    }
  }

  /**
   * The event-loop counters of a good sample's INFO stats. The histogram of the same poll (same `at`)
   * takes them, so a window's loop time and its percentiles cover exactly the same span.
   */
  noteEventLoop(at: number, cycles: number | null, usec: number | null): void {
    const last = this.ring.length < this.capacity ? this.ring.at(-1) : this.ring[(this.head + this.capacity - 1) % this.capacity];
    if (!last || last.at !== at || cycles === null || usec === null) return;
    last.loop = { cycles, usec };
    if (this.runStart !== null) this.updateLiveCost(at);
  }

  /** Each good sample's defrag effort: the run start and effort behind the live latency cost. */
  noteDefrag(at: number, running: number | null): void {
    if (running !== null && running > 0) {
      if (this.runStart === null) {
        this.runStart = at;
        this.effort = { sum: 0, n: 0, peak: 0 };
      }
      this.lastRunningAt = at;
      this.effort = { sum: this.effort.sum + running, n: this.effort.n + 1, peak: Math.max(this.effort.peak, running) };
    } else if (this.runStart !== null && this.lastRunningAt !== null && at - this.lastRunningAt > RUN_IDLE_MS) {
      this.runStart = null;
      this.liveCost = null;
    }
  }

  /** The running defrag's latency cost so far (null when no run goes on); for alerts and the snapshot. */
  get defragCost(): LatencyCost | null {
    return this.liveCost;
  }

  get busyCommands(): readonly string[] {
    return this.commands;
  }

  /** The calls between `from` and `to` merged: windows that lie wholly inside the span. */
  span(from: number, to: number): WindowDelta | null {
    return mergeWindows(this.windows(from, to).filter((w) => w.from >= from));
  }

  cost(runFrom: number, runTo: number, meanEffort: number | null, peakEffort: number | null): LatencyCost {
    return latencyCost({
      status: this.status,
      reason: this.reason,
      runFrom,
      runTo,
      before: this.span(runFrom - BEFORE_RUN_MS, runFrom),
      during: mergeWindows(windowsMostlyWithin(this.windows(runFrom, Number.POSITIVE_INFINITY), runFrom, runTo)),
      meanEffort,
      peakEffort,
    });
  }

  query(from: number, to: number, points: number): LatencyResponse {
    const windows = this.windows(from, to);
    const stride = Math.max(1, Math.ceil(windows.length / points));
    const merged: WindowDelta[] = [];
    for (let i = 0; i < windows.length; i += stride) merged.push(mergeWindows(windows.slice(i, i + stride))!);
    const names = [...new Set(merged.flatMap((w) => [...w.commands.keys()]))].sort();
    const series: Record<string, Array<number | null>> = {};
    const put = (name: string, values: Array<number | null>) => (series[name] = values);
    const column = (pick: (w: WindowDelta) => LatencyPercentiles | null, prefix: string) => {
      const rows = merged.map(pick);
      put(
        `${prefix}_p50_usec`,
        rows.map((r) => r?.p50_usec ?? null),
      );
      put(
        `${prefix}_p99_usec`,
        rows.map((r) => r?.p99_usec ?? null),
      );
      put(
        `${prefix}_p999_usec`,
        rows.map((r) => r?.p999_usec ?? null),
      );
      put(
        `${prefix}_calls`,
        rows.map((r) => r?.calls ?? null),
      );
    };
    for (const name of names) column((w) => (w.reset ? null : percentiles(w.commands.get(name) ?? null)), name);
    column((w) => (w.reset ? null : percentiles(allCommands(w))), 'all');
    put(
      'eventloop_cycle_usec',
      merged.map((w) => roundOrNull(usecPerCycle(w.loop))),
    );
    const whole = mergeWindows(windows.filter((w) => w.from >= from && !w.reset));
    return {
      from,
      to,
      status: this.status,
      reason: this.reason,
      intervalMs: this.intervalMs,
      resolution: BUCKET_RESOLUTION,
      commands: [...this.commands],
      t: merged.map((w) => w.to),
      series,
      resets: windows.filter((w) => w.reset).map((w) => w.to),
      range: whole
        ? {
            commands: Object.fromEntries([...whole.commands].map(([name, h]) => [name, percentiles(h)!])),
            all: percentiles(allCommands(whole))!,
          }
        : null,
    };
  }

  private get size(): number {
    return this.ring.length;
  }

  /** Readings oldest first. */
  private readings(): HistogramReading[] {
    return this.ring.length < this.capacity ? [...this.ring] : [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  /** Windows ending in (from, to], each from the reading before it. */
  private windows(from: number, to: number): WindowDelta[] {
    const readings = this.readings();
    const out: WindowDelta[] = [];
    for (let i = 1; i < readings.length; i++) {
      const now = readings[i]!;
      if (now.at <= from || now.at > to) continue;
      out.push(windowDelta(readings[i - 1]!, now));
    }
    return out;
  }

  private push(reading: HistogramReading): void {
    if (this.ring.length < this.capacity) this.ring.push(reading);
    else {
      this.ring[this.head] = reading;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /** The top commands by calls since the last read (by all calls on the first), without our own. */
  private chooseCommands(statsText: string): void {
    const stats = parseCommandStats(statsText);
    const previous = this.lastStats;
    this.lastStats = new Map(stats.map((s) => [s.command, s.calls]));
    const busy = stats
      .filter((s) => !OWN_COMMANDS.has(s.command))
      .map((s) => {
        const before = previous?.get(s.command) ?? 0;
        // Fewer calls than before: CONFIG RESETSTAT or a restart; all of them are since then.
        return { command: s.command, calls: s.calls >= before ? s.calls - before : s.calls };
      })
      .filter((s) => s.calls > 0)
      .sort((a, b) => b.calls - a.calls || a.command.localeCompare(b.command))
      .slice(0, this.maxCommands)
      .map((s) => s.command);
    // A quiet minute keeps the previous selection rather than reading nothing.
    if (busy.length > 0) this.commands = busy.sort();
  }

  private updateLiveCost(now: number): void {
    if (this.runStart === null) {
      this.liveCost = null;
      return;
    }
    const mean = this.effort.n > 0 ? this.effort.sum / this.effort.n : null;
    this.liveCost = this.cost(this.runStart, now, mean, this.effort.n > 0 ? this.effort.peak : null);
  }
}

function percentiles(h: ({ calls: number } & Parameters<typeof percentilesOf>[0]) | null): LatencyPercentiles | null {
  if (!h) return null;
  const p = percentilesOf(h);
  return { calls: h.calls, p50_usec: p.p50, p99_usec: p.p99, p999_usec: p.p999 };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : Math.round(value);
}
