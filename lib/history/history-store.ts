import type { Snapshot } from '../snapshot';
import { CoarseTier } from './coarse-tier';
import type { ReplaySample } from '../decision/replay';
import type { DefragSample } from './defrag-runs';
import { bucketValues, clampPoints, layoutValues, planLayout, planSplitBuckets, type Cells, type CellValues, type Layout } from './downsample';
import { CompressedTier } from './compressed-tier';
import { FLAG_IDLE, FLAG_OK, FLAG_RESTART, type FineTier } from './fine-tier';
import type { Order } from './gorilla/value-codec';
import { defaultMaxGapMs, rateIntervals, ratesOver, stepRate } from './rates';
import { CHANNEL_DECIMALS, COUNTER_COLUMNS, isSeriesName, roundTo, SERIES_NAMES, STORED_SERIES, type SeriesName, type StoredSeriesName } from './series';

/**
 * Per-target history, fed by the poller with every snapshot whether or not anyone watches.
 * Memory is reported by `byteSize()`: the 1 s tier grows with the samples it holds (compressed,
 * ~10-20 bytes a row on real figures), the coarse tier is typed arrays allocated once.
 *
 * Two tiers:
 * - 1 s tier (CompressedTier): every sample, for `fineRetentionMs` (24 h) at the poll interval, plus 2 %
 *   slack for the poller's extra sample after each reconnect; rows older than that slack past the
 *   newest are evicted too, so idle-spaced samples (5 s) still cover 24 h, not 5 days. Capped at `maxFineRows` so a fast
 *   poll interval (the config allows 100 ms) cannot blow the memory up: it then covers less time
 *   at full resolution, and polling faster than ~1 s adds nothing anyway (allocator stats refresh
 *   every 100 ms, the defrag start test runs about once a second).
 * - coarse tier (CoarseTier): 1 min buckets with min/max for `coarseRetentionMs` (7 days), fed
 *   with the rows the 1 s tier evicts. So the tiers never overlap, and a query over any range
 *   stitches them: coarse buckets for the older part, raw samples for the rest.
 *
 * Rates: the 1 s tier stores the counters and computes `<counter>_per_sec` at query time (see
 * rates.ts); the coarse tier stores the min/max of those per-sample rates, computed at full
 * precision when the row is evicted, with exactly the same rule.
 */

export interface HistoryStoreOptions {
  /** The poller's interval, ms: sizes the 1 s tier and the gap rule of rates. */
  intervalMs: number;
  /** Default 24 h. */
  fineRetentionMs?: number;
  /** Default 100,000 rows (24 h at 1 s plus slack fits; 100 ms polling keeps ~2.8 h at full resolution). */
  maxFineRows?: number;
  /** Default 60 s. */
  coarseBucketMs?: number;
  /** Default 7 days. */
  coarseRetentionMs?: number;
  /** Rate gap rule; default max(3 x interval, 2 s). */
  maxGapMs?: number;
  /**
   * The poller's idle period (FRAGSCOPE_IDLE_POLL_MS; default intervalMs): samples appended as
   * `idleSpaced` may be max(3 x this, 2 s) from the one before and still have a rate.
   */
  idleIntervalMs?: number;
  /**
   * Seal the compressed tier's chunks this many rows later than the minimum (0-255, default 0;
   * CompressedTierOptions.sealLagRows): the poller spreads its targets' seals with it.
   */
  sealLagRows?: number;
  /** The 1 s tier's implementation (tests compare the compressed tier with the former fixed ring). */
  fineTier?: (capacity: number, precise: readonly boolean[], orders: readonly Order[], reorderRows: number) => FineTier;
}

export interface HistoryQuery {
  /** ms since the epoch, inclusive. */
  from: number;
  to: number;
  /** Clamped to [10, 5000]; default 1000. */
  points?: number;
  /** Default: every series (SERIES_NAMES). */
  series?: readonly string[];
}

/** The JSON of `GET /api/targets/{id}/history`. `null` marks a gap. */
export interface HistoryResult {
  from: number;
  to: number;
  t: number[];
  series: Partial<Record<SeriesName, (number | null)[]>>;
}

export interface HistoryStats {
  appended: number;
  /** Samples too late to slot in (older than all rows held, or > MAX_REORDER_ROWS back). */
  droppedLate: number;
  /** Samples with a non-finite `at`. */
  droppedInvalid: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Extra rows beyond retention / interval: the reconnect poll adds a sample now and then. */
const SLACK = 1.02;
/** How far back a late sample may be slotted in. The poller's late poll is a few rows back at most. */
const MAX_REORDER_ROWS = 64;

const STORED = STORED_SERIES.length;
/** Counters and time totals climb steadily while defrag works: predict the same step again (order 2). */
const COLUMN_ORDERS: readonly Order[] = STORED_SERIES.map((s, c) => (COUNTER_COLUMNS.includes(c) || s.name === 'total_active_defrag_time' ? 2 : 1));
const CHANNELS = SERIES_NAMES.length;

export class HistoryStore {
  readonly intervalMs: number;
  readonly maxGapMs: number;
  readonly idleMaxGapMs: number;
  readonly stats: HistoryStats = { appended: 0, droppedLate: 0, droppedInvalid: 0 };
  private readonly fine: FineTier;
  /** Rows older than this before the newest are evicted even when the tier is not full. */
  private readonly fineSpanMs: number;
  private readonly coarse: CoarseTier;
  /** Scratch row for append and evict, allocated once. */
  private readonly row = new Float64Array(CHANNELS);
  /** The last row evicted into the coarse tier: context for the next evicted row's rates. */
  private readonly evicted = { at: Number.NaN, counters: new Float64Array(COUNTER_COLUMNS.length).fill(Number.NaN) };
  private lastRunId: string | null = null;

  constructor(options: HistoryStoreOptions) {
    const { intervalMs } = options;
    if (!(intervalMs > 0) || !Number.isFinite(intervalMs)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.maxGapMs = options.maxGapMs ?? defaultMaxGapMs(intervalMs);
    this.idleMaxGapMs = Math.max(this.maxGapMs, defaultMaxGapMs(options.idleIntervalMs ?? intervalMs));
    const fineRetention = options.fineRetentionMs ?? DAY;
    const maxRows = options.maxFineRows ?? 100_000;
    const rows = Math.max(MAX_REORDER_ROWS * 2, Math.min(maxRows, Math.ceil((fineRetention / intervalMs) * SLACK)));
    this.fineSpanMs = fineRetention * SLACK;
    const sealLagRows = options.sealLagRows ?? 0;
    const make = options.fineTier ?? ((capacity, precise, orders, reorderRows) => new CompressedTier({ capacity, precise, orders, reorderRows, sealLagRows }));
    this.fine = make(
      rows,
      STORED_SERIES.map((s) => s.precise),
      COLUMN_ORDERS,
      MAX_REORDER_ROWS,
    );
    const bucketMs = options.coarseBucketMs ?? 60_000;
    const coarseRetention = options.coarseRetentionMs ?? 7 * DAY;
    this.coarse = new CoarseTier(bucketMs, Math.max(1, Math.ceil(coarseRetention / bucketMs)), CHANNELS);
  }

  /** Bytes held: the 1 s tier's as it holds now, plus the coarse tier's typed arrays (fixed). */
  byteSize(): number {
    return this.fine.byteSize() + this.coarse.byteSize() + this.row.byteLength + this.evicted.counters.byteLength;
  }

  /** byteSize() split: the 1 s tier (grows with its rows) and the rest (coarse tier and scratch, fixed). */
  byteSizes(): { fine: number; fixed: number } {
    const fine = this.fine.byteSize();
    return { fine, fixed: this.byteSize() - fine };
  }

  /** Rows the 1 s tier can hold. */
  get fineCapacity(): number {
    return this.fine.capacity;
  }

  /** Samples currently in the 1 s tier. */
  get size(): number {
    return this.fine.size;
  }

  /** Oldest time held at full resolution, and oldest time held at all (null when empty). */
  coverage(): { fineFrom: number | null; from: number | null } {
    const fineFrom = this.fine.size > 0 ? this.fine.timeAt(0) : null;
    return { fineFrom, from: this.coarse.oldestAt ?? fineFrom };
  }

  /**
   * Stores one snapshot. `ok: false` is stored as a gap (every value NaN). Returns false when the
   * sample was dropped (see HistoryStats).
   */
  append(snapshot: Snapshot, options: { idleSpaced?: boolean } = {}): boolean {
    const at = snapshot.at;
    if (!Number.isFinite(at)) {
      this.stats.droppedInvalid++;
      return false;
    }
    let pos = this.fine.insertPosition(at, MAX_REORDER_ROWS);
    if (pos < 0) {
      this.stats.droppedLate++;
      return false;
    }
    if (this.fine.full) {
      this.evictOldest();
      pos--;
    }
    // Rows past the 1 s tier's span: all before `pos` (rows after it are newer than `at`).
    while (this.fine.size > 0 && pos > 0 && this.fine.timeAt(0) < at - this.fineSpanMs) {
      this.evictOldest();
      pos--;
    }
    let flags = options.idleSpaced ? FLAG_IDLE : 0;
    if (snapshot.ok) {
      flags |= FLAG_OK;
      // Only good samples carry a trustworthy run_id (a failed poll repeats the last one known).
      // A late good sample slotted in before gap rows is still the newest good sample (the poller
      // never has two polls in flight), so comparing with the last run_id seen stays right.
      const runId = snapshot.server.runId;
      if (runId !== null) {
        if (this.lastRunId !== null && runId !== this.lastRunId) flags |= FLAG_RESTART;
        this.lastRunId = runId;
      }
    }
    for (let c = 0; c < STORED; c++) {
      const v = snapshot.ok ? STORED_SERIES[c]!.read(snapshot) : null;
      this.row[c] = v === null || !Number.isFinite(v) ? Number.NaN : v;
    }
    this.fine.insertAt(pos, at, flags, this.row);
    this.stats.appended++;
    return true;
  }

  /**
   * Columns for [from, to], at most `points` values per series (min/max buckets, so spikes
   * survive), gaps as null. Throws RangeError on a bad range or an unknown series name.
   */
  query(q: HistoryQuery): HistoryResult {
    const { from, to } = q;
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) {
      throw new RangeError(`history query needs finite from <= to, got from=${from} to=${to}`);
    }
    const names = (q.series ?? SERIES_NAMES) as readonly string[];
    for (const name of names) if (!isSeriesName(name)) throw new RangeError(`unknown history series "${name}"`);
    const points = clampPoints(q.points);

    const coarse = this.coarse.collect(from, to);
    const i0 = this.fine.lowerBound(from);
    const nFine = this.fine.upperBound(to) - i0;
    const fineT = new Float64Array(nFine);
    this.fine.copyRange('t', i0, nFine, fineT);
    // Long ranges (buckets) keep the coarse cells and the 1 s samples apart: each bucket's samples
    // are walked straight from one decoded column. Short ones (every row fits) are laid out as cells.
    const split = planSplitBuckets(coarse, fineT, from, to, points);
    const n = coarse.count + nFine;
    const cells: Cells | null = split ? null : { count: n, t0: concat(coarse.t0, fineT), t1: concat(coarse.t1, new Float64Array(nFine).fill(Number.NaN)) };
    const layout = cells ? planLayout(cells, from, to, points) : null;

    // Scratch shared by all series (each is filled, laid out and dropped in turn): a 24 h query
    // touches ~90k rows per series, so per-series allocations would churn ~2 MB each.
    const fineValues = new Float64Array(nFine);
    const scratch: CellValues | null = cells ? { lo: new Float64Array(n), hi: new Float64Array(n), hiFirst: new Uint8Array(n) } : null;
    // The time rule of rates (gap, restart, idle spacing) is the same for every counter: once per query.
    let intervals: Float64Array | null = null;
    const series: HistoryResult['series'] = {};
    for (const name of names as readonly SeriesName[]) {
      const ch = SERIES_NAMES.indexOf(name);
      if (ch < STORED) {
        this.fine.copyRange(ch, i0, nFine, fineValues);
      } else {
        intervals ??= this.rateIntervals(i0, fineT);
        this.fineRates(ch - STORED, i0, intervals, fineValues);
      }
      if (split) {
        series[name] = bucketValues(split, coarse.channel(ch), fineValues, CHANNEL_DECIMALS[ch]);
      } else if (cells && layout && scratch) {
        fillCellValues(scratch, coarse.channel(ch), fineValues);
        series[name] = layoutValues(layout, cells, scratch, CHANNEL_DECIMALS[ch]);
      }
    }
    return { from, to, t: split ? split.t : (layout as Layout).t, series };
  }

  /**
   * The stored figures of the newest good 1 s sample at or before `at` (and not older than
   * `maxAgeMs`): what a comparison uses for "the end of a defrag run". Null when there is none.
   */
  sampleAt(at: number, maxAgeMs = 10_000): { at: number; values: Record<StoredSeriesName, number | null> } | null {
    for (let i = this.fine.upperBound(at) - 1; i >= 0; i--) {
      const t = this.fine.timeAt(i);
      if (t < at - maxAgeMs) return null;
      if ((this.fine.flagsAt(i) & FLAG_OK) === 0) continue;
      const values = {} as Record<StoredSeriesName, number | null>;
      STORED_SERIES.forEach((spec, c) => {
        const v = this.fine.valueAt(c, i);
        values[spec.name] = Number.isNaN(v) ? null : v;
      });
      return { at: t, values };
    }
    return null;
  }

  /** Samples of the 1 s tier in [from, to] for run detection (defrag-runs.ts). */
  defragSamples(from: number, to: number): DefragSample[] {
    const col = (name: string) => STORED_SERIES.findIndex((s) => s.name === name);
    const cols = {
      running: col('active_defrag_running'),
      rss: col('used_memory_rss'),
      fragBytes: col('allocator_frag_bytes'),
      fragRatio: col('allocator_frag_ratio'),
      hits: col('active_defrag_hits'),
      keyHits: col('active_defrag_key_hits'),
      keyMisses: col('active_defrag_key_misses'),
      lower: col('threshold_lower'),
      defragTime: col('current_active_defrag_time'),
      misses: col('active_defrag_misses'),
      lazyfree: col('lazyfree_pending_objects'),
    };
    const value = (c: number, i: number): number | null => {
      const v = this.fine.valueAt(c, i);
      return Number.isNaN(v) ? null : v;
    };
    const out: DefragSample[] = [];
    const end = this.fine.upperBound(to);
    for (let i = this.fine.lowerBound(from); i < end; i++) {
      out.push({
        at: this.fine.timeAt(i),
        ok: (this.fine.flagsAt(i) & FLAG_OK) !== 0,
        active_defrag_running: value(cols.running, i),
        used_memory_rss: value(cols.rss, i),
        allocator_frag_bytes: value(cols.fragBytes, i),
        // Stored as Float32: round back to INFO's printed precision.
        allocator_frag_ratio: roundNullable(value(cols.fragRatio, i), 4),
        active_defrag_hits: value(cols.hits, i),
        threshold_lower: value(cols.lower, i),
        active_defrag_key_hits: value(cols.keyHits, i),
        active_defrag_key_misses: value(cols.keyMisses, i),
        current_active_defrag_time: value(cols.defragTime, i),
        active_defrag_misses: value(cols.misses, i),
        lazyfree_pending_objects: value(cols.lazyfree, i),
      });
    }
    return out;
  }

  /** The 1 s samples the threshold replay needs (lib/decision/replay.ts), in [from, to]. */
  replaySamples(from: number, to: number): ReplaySample[] {
    const col = (name: StoredSeriesName) => STORED_SERIES.findIndex((s) => s.name === name);
    const cols = {
      allocated: col('allocator_allocated'),
      active: col('allocator_active'),
      fragBytes: col('allocator_frag_bytes'),
      fragRatio: col('allocator_frag_ratio'),
      running: col('active_defrag_running'),
      enabled: col('activedefrag'),
      ignore: col('ignore_bytes'),
      lower: col('threshold_lower'),
    };
    const value = (c: number, i: number): number | null => {
      const v = this.fine.valueAt(c, i);
      return Number.isNaN(v) ? null : v;
    };
    const out: ReplaySample[] = [];
    const end = this.fine.upperBound(to);
    for (let i = this.fine.lowerBound(from); i < end; i++) {
      const enabled = value(cols.enabled, i);
      out.push({
        at: this.fine.timeAt(i),
        ok: (this.fine.flagsAt(i) & FLAG_OK) !== 0,
        allocator_allocated: value(cols.allocated, i),
        allocator_active: value(cols.active, i),
        allocator_frag_bytes: value(cols.fragBytes, i),
        allocator_frag_ratio: roundNullable(value(cols.fragRatio, i), 4),
        active_defrag_running: value(cols.running, i),
        activedefrag: enabled === null ? null : enabled === 1,
        ignore_bytes: value(cols.ignore, i),
        threshold_lower: value(cols.lower, i),
      });
    }
    return out;
  }

  /** Times of the first sample of each new server process (run_id changed) in [from, to]. */
  restarts(from: number, to: number): number[] {
    const out = this.coarse.restartsBetween(from, to);
    const end = this.fine.upperBound(to);
    for (let i = this.fine.lowerBound(from); i < end; i++) if (this.fine.flagsAt(i) & FLAG_RESTART) out.push(this.fine.timeAt(i));
    return out;
  }

  /** Moves the oldest 1 s row into the coarse tier, with its per-sample rates. */
  private evictOldest(): void {
    const at = this.fine.timeAt(0);
    const flags = this.fine.flagsAt(0);
    for (let c = 0; c < STORED; c++) this.row[c] = this.fine.valueAt(c, 0);
    for (let k = 0; k < COUNTER_COLUMNS.length; k++) {
      const value = this.row[COUNTER_COLUMNS[k]!] as number;
      const gap = flags & FLAG_IDLE ? this.idleMaxGapMs : this.maxGapMs;
      const rate = stepRate(this.evicted.at, this.evicted.counters[k]!, at, value, (flags & FLAG_RESTART) !== 0, gap);
      this.row[STORED + k] = rate ?? Number.NaN;
      this.evicted.counters[k] = value;
    }
    this.evicted.at = at;
    this.coarse.add(at, flags, this.row);
    this.fine.dropOldest();
  }

  /** rateIntervals over 1 s rows [i0, i0 + t.length); the row before the range (or the last evicted one) gives the first row its interval. */
  private rateIntervals(i0: number, t: Float64Array): Float64Array {
    const flags = new Float64Array(t.length);
    this.fine.copyRange('flags', i0, t.length, flags);
    const beforeAt = i0 > 0 ? this.fine.timeAt(i0 - 1) : this.evicted.at;
    return rateIntervals(t, flags, { restart: FLAG_RESTART, idle: FLAG_IDLE }, { maxGapMs: this.maxGapMs, idleMaxGapMs: this.idleMaxGapMs, beforeAt }, flags);
  }

  /** Per-sample rates of counter k over 1 s rows [i0, i0 + intervals.length), into `out` (its counters are decoded there, then turned into rates in place). */
  private fineRates(k: number, i0: number, intervals: Float64Array, out: Float64Array): void {
    const column = COUNTER_COLUMNS[k]!;
    this.fine.copyRange(column, i0, intervals.length, out);
    const beforeValue = i0 > 0 ? this.fine.valueAt(column, i0 - 1) : this.evicted.counters[k]!;
    ratesOver(out, intervals, beforeValue, out);
  }
}

/** Coarse cells first, then the 1 s samples (lo = hi = value; hiFirst is meaningless for them). */
function fillCellValues(into: CellValues, coarse: CellValues, fineValues: Float64Array): void {
  const k = coarse.lo.length;
  into.lo.set(coarse.lo);
  into.hi.set(coarse.hi);
  into.hiFirst.set(coarse.hiFirst);
  into.lo.set(fineValues, k);
  into.hi.set(fineValues, k);
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function roundNullable(v: number | null, decimals: number): number | null {
  return v === null ? null : roundTo(v, decimals);
}
