import { formatBytes, formatRatio } from '../format';
import { formatChange, formatCount, formatPercentMagnitude } from './figure-text';
import { FIGURES, type FigureKind, type FigureName, type Moment } from './moment';

/**
 * Compares two moments and says whether the figures prove that defrag reclaimed memory.
 *
 * The seed guide's test of success: RSS down while used memory stays within a tolerance,
 * fragmentation toward 1.0, defrag hits increasing. RSS alone proves nothing: it also falls when
 * keys are deleted, and jumps on a restart. So the verdict is checked in this order; the first rule
 * that applies decides:
 *
 * 1. `different-target`: the moments come from two targets. Refused (no rows): two servers'
 *    figures say nothing about defrag.
 * 2. `reversed`: `after` is earlier than `before`. Refused (no rows), and the headline says to
 *    swap them: every delta would have the wrong sign.
 * 3. `restarted`: the run_id differs (both known). A restart resets RSS and every counter, so no
 *    change can be credited to defrag. Also when a cumulative counter went backwards and the
 *    run_id is unknown on one side: a restart cannot be ruled out. Rows are still returned.
 * 4. `insufficient-data`: RSS or used memory is missing on either side.
 * 5. `confounded`: used memory moved by more than max(usedTolerance x before, usedToleranceBytes)
 *    (exactly at the limit is within): the dataset changed, so the RSS change is not defrag's.
 *    Checked before success, so a mass delete never passes for a defrag win.
 * 6. `success`: all three hold:
 *    - RSS fell by at least max(1 % of the RSS before, 1 MiB) (exactly at the threshold counts);
 *    - at least one fragmentation ratio (RSS or allocator) moved toward 1.0: |after-1| < |before-1|;
 *    - `active_defrag_hits` rose. The counters are cumulative, so any counter going backwards with
 *      the same run_id means CONFIG RESETSTAT: defrag's work cannot be counted, no success.
 * 7. `worse`: RSS rose by more than the same threshold while used memory stayed within tolerance.
 * 8. `insufficient-data` again: RSS fell enough and no success condition is refuted, but one could
 *    not be checked (both ratios missing, hits missing, or counters reset). Not "no improvement",
 *    which would deny a fall we saw; not "success", which the figures do not prove.
 * 9. `no-improvement`: the reasons name each success condition that failed.
 */

export const DEFAULT_USED_TOLERANCE = 0.05;
export const DEFAULT_USED_TOLERANCE_BYTES = 8 * 1024 * 1024;
/** RSS must fall by at least this share of its value, and at least RSS_MIN_FALL_BYTES: below that it is noise. */
export const RSS_MIN_FALL_RELATIVE = 0.01;
export const RSS_MIN_FALL_BYTES = 1024 * 1024;

export interface CompareOptions {
  /** Relative change of used memory still taken as "the same dataset". Default 0.05. */
  usedTolerance?: number;
  /** Absolute floor of that tolerance, in bytes: small instances wobble by more than 5 %. Default 8 MiB. */
  usedToleranceBytes?: number;
}

export type VerdictStatus = 'success' | 'no-improvement' | 'worse' | 'confounded' | 'restarted' | 'different-target' | 'reversed' | 'insufficient-data';

export interface ComparisonRow {
  name: FigureName;
  label: string;
  kind: FigureKind;
  before: number | null;
  after: number | null;
  delta: number | null;
  /** delta / |before|; null when before is 0 or unknown. */
  relative: number | null;
  /** Whether the change went the figure's `better` way; null when unknown or the figure has no better way. */
  improved: boolean | null;
}

export interface Verdict {
  status: VerdictStatus;
  headline: string;
  reasons: string[];
}

export interface Comparison {
  rows: ComparisonRow[];
  /** after.at - before.at (negative when reversed). */
  elapsedMs: number;
  verdict: Verdict;
}

/** Counters that only grow while the server runs: one going backwards means a restart or CONFIG RESETSTAT. */
const CUMULATIVE: readonly FigureName[] = [
  'active_defrag_hits',
  'active_defrag_misses',
  'active_defrag_key_hits',
  'active_defrag_key_misses',
  'total_active_defrag_time',
];

export function compareMoments(before: Moment, after: Moment, options: CompareOptions = {}): Comparison {
  const elapsedMs = after.at - before.at;
  const refused = refusal(before, after);
  if (refused) return { rows: [], elapsedMs, verdict: refused };
  const rows = compareRows(before, after);
  return { rows, elapsedMs, verdict: judge(before, after, options) };
}

export function compareRows(before: Moment, after: Moment): ComparisonRow[] {
  return FIGURES.map((spec) => {
    const b = before.figures[spec.name];
    const a = after.figures[spec.name];
    const delta = a !== null && b !== null ? a - b : null;
    // |before|: mem_fragmentation_bytes can be negative, and a fall should read as a fall.
    const relative = delta !== null && b !== null && b !== 0 ? delta / Math.abs(b) : null;
    // No binary floating-point noise in what is shown or exported: 1.47 - 2.94 is -1.47, not -1.4700000000000002.
    return {
      name: spec.name,
      label: spec.label,
      kind: spec.kind,
      before: b,
      after: a,
      delta: clean(delta),
      relative: clean(relative),
      improved: improvedFor(spec.better, b, a),
    };
  });
}

function improvedFor(better: (typeof FIGURES)[number]['better'], before: number | null, after: number | null): boolean | null {
  if (better === 'none' || before === null || after === null) return null;
  switch (better) {
    case 'down':
      return after < before;
    case 'up':
      return after > before;
    case 'toward-one':
      return Math.abs(after - 1) < Math.abs(before - 1);
  }
}

/** Quotes a bare label ("pre-maintenance"); one that carries its own quotes (baseline "x") stays as it is. */
const quoted = (m: Moment) => (/["“”]/.test(m.label) ? m.label : `"${m.label}"`);

/** Rules 1 and 2: comparisons that are not made at all. */
function refusal(before: Moment, after: Moment): Verdict | null {
  if (before.targetId !== after.targetId) {
    return {
      status: 'different-target',
      headline: `Not compared: ${quoted(before)} and ${quoted(after)} are from different targets; figures from two servers say nothing about defrag.`,
      reasons: [`${quoted(before)} is from target ${before.targetId}`, `${quoted(after)} is from target ${after.targetId}`],
    };
  }
  if (after.at < before.at) {
    return {
      status: 'reversed',
      headline: `Not compared: ${quoted(after)} was taken before ${quoted(before)}; swap them.`,
      reasons: [`${quoted(before)} was taken at ${new Date(before.at).toISOString()}`, `${quoted(after)} was taken at ${new Date(after.at).toISOString()}`],
    };
  }
  return null;
}

interface CounterDrop {
  name: FigureName;
  before: number;
  after: number;
}

function counterDrops(before: Moment, after: Moment): CounterDrop[] {
  const drops: CounterDrop[] = [];
  for (const name of CUMULATIVE) {
    const b = before.figures[name];
    const a = after.figures[name];
    if (b !== null && a !== null && a < b) drops.push({ name, before: b, after: a });
  }
  return drops;
}

const dropText = (drops: CounterDrop[]) => drops.map((d) => `${d.name} fell from ${formatCount(d.before)} to ${formatCount(d.after)}`).join(', ');

type Check = { ok: true; text: string } | { ok: false; refuted: boolean; text: string };

/** Rules 3 to 9, for moments of one target in time order. */
function judge(before: Moment, after: Moment, options: CompareOptions): Verdict {
  const pair = `${quoted(before)} and ${quoted(after)}`;

  // Rule 3: a restart resets RSS and the counters.
  if (before.runId !== null && after.runId !== null && before.runId !== after.runId) {
    return {
      status: 'restarted',
      headline: `The server restarted between ${pair} (run_id changed): a restart resets RSS and the defrag counters, so no change can be credited to defrag.`,
      reasons: [`run_id ${before.runId} → ${after.runId}`],
    };
  }
  const drops = counterDrops(before, after);
  if (drops.length > 0 && (before.runId === null || after.runId === null)) {
    const unknownSide = before.runId === null ? before : after;
    return {
      status: 'restarted',
      headline: `The defrag counters went backwards between ${pair}: the server restarted or its statistics were reset, so no change can be credited to defrag.`,
      reasons: [
        `counters were reset (CONFIG RESETSTAT?) or the server restarted: ${dropText(drops)}`,
        `the run_id of ${quoted(unknownSide)} is unknown, so a restart cannot be ruled out`,
      ],
    };
  }

  // Rule 4: the two figures every other rule needs.
  const rssB = before.figures.used_memory_rss;
  const rssA = after.figures.used_memory_rss;
  const usedB = before.figures.used_memory;
  const usedA = after.figures.used_memory;
  if (rssB === null || rssA === null || usedB === null || usedA === null) {
    const missing: string[] = [];
    for (const m of [before, after]) {
      for (const name of ['used_memory_rss', 'used_memory'] as const) {
        if (m.figures[name] === null) missing.push(`${name} is missing from ${quoted(m)}`);
      }
    }
    return {
      status: 'insufficient-data',
      headline: `Cannot judge: RSS and used memory are needed on both sides, and ${missing.length === 1 ? 'one is' : 'some are'} missing.`,
      reasons: missing,
    };
  }

  // Rule 5: the dataset must stay the same, or the RSS change is not defrag's.
  const usedDelta = usedA - usedB;
  const usedLimit = Math.max((options.usedTolerance ?? DEFAULT_USED_TOLERANCE) * usedB, options.usedToleranceBytes ?? DEFAULT_USED_TOLERANCE_BYTES);
  const usedPct = usedB > 0 ? formatPercentMagnitude((usedDelta / usedB) * 100) : null;
  const usedChange = `${formatChange('bytes', usedDelta)}${usedPct === null ? '' : ` (${usedDelta < 0 ? '-' : usedDelta > 0 ? '+' : ''}${usedPct})`}`;
  if (Math.abs(usedDelta) > usedLimit) {
    return {
      status: 'confounded',
      headline: `Used memory changed by ${usedChange}: the dataset changed, so the RSS change cannot be credited to defrag.`,
      reasons: [
        `used memory ${formatBytes(usedB)} → ${formatBytes(usedA)} (${formatChange('bytes', usedDelta)}); the tolerance is ${formatBytes(usedLimit)}`,
        `RSS ${formatBytes(rssB)} → ${formatBytes(rssA)}`,
      ],
    };
  }

  const rssDelta = rssA - rssB;
  const rssThreshold = Math.max(RSS_MIN_FALL_RELATIVE * rssB, RSS_MIN_FALL_BYTES);
  const rssPct = rssB > 0 ? formatPercentMagnitude((Math.abs(rssDelta) / rssB) * 100) : '—';
  const usedSteady = usedDelta === 0 ? 'used memory did not change' : `used memory stayed within ${usedPct ?? formatBytes(Math.abs(usedDelta))}`;

  // Rule 7: fragmentation grew with the same dataset.
  if (rssDelta > rssThreshold) {
    return {
      status: 'worse',
      headline: `RSS grew by ${formatBytes(rssDelta)} (${rssPct}) while ${usedSteady}: memory is more fragmented than before.`,
      reasons: [ratioCheck(before, after).text, hitsCheck(before, after, drops).text],
    };
  }

  // Rule 6: the three success conditions, each checked so the reasons can name every failure.
  const rssCheck: Check =
    -rssDelta >= rssThreshold
      ? { ok: true, text: `RSS fell by ${formatBytes(-rssDelta)} (${rssPct}), at least the ${formatBytes(rssThreshold)} needed` }
      : { ok: false, refuted: true, text: rssShortfall(rssDelta, rssPct, rssThreshold) };
  const checks = [rssCheck, ratioCheck(before, after), hitsCheck(before, after, drops)];
  const failed = checks.filter((c): c is Extract<Check, { ok: false }> => !c.ok);
  if (failed.length === 0) {
    return {
      status: 'success',
      headline: `Defrag reclaimed ${formatBytes(-rssDelta)} of RSS (${rssPct}); ${usedSteady}.`,
      reasons: [...checks.map((c) => c.text), `used memory changed by ${usedChange}, within the tolerance of ${formatBytes(usedLimit)}`],
    };
  }

  // Rule 8: a fall we saw but cannot tie to defrag for want of data.
  if (failed.every((c) => !c.refuted)) {
    return {
      status: 'insufficient-data',
      headline: `RSS fell by ${formatBytes(-rssDelta)} (${rssPct}), but it cannot be credited to defrag: ${failed[0]?.text ?? ''}.`,
      reasons: failed.map((c) => c.text),
    };
  }

  // Rule 9.
  return {
    status: 'no-improvement',
    headline: `No improvement to credit to defrag: ${failed[0]?.text ?? ''}.`,
    reasons: failed.map((c) => c.text),
  };
}

function rssShortfall(rssDelta: number, rssPct: string, threshold: number): string {
  const needed = `at least ${formatBytes(threshold)} (1% of RSS, or 1 MiB) is needed`;
  if (rssDelta < 0) return `RSS fell only ${rssPct} (${formatBytes(-rssDelta)}); ${needed}`;
  if (rssDelta === 0) return `RSS did not change; ${needed}`;
  return `RSS rose by ${formatBytes(rssDelta)} (${rssPct}) instead of falling`;
}

const RATIOS = [
  { name: 'mem_fragmentation_ratio', label: 'RSS fragmentation ratio' },
  { name: 'allocator_frag_ratio', label: 'allocator fragmentation ratio' },
] as const;

/** At least one ratio known on both sides moved toward 1.0; unknown (not refuted) when none moved and one is missing. */
function ratioCheck(before: Moment, after: Moment): Check {
  const known: string[] = [];
  const moved: string[] = [];
  let anyMissing = false;
  for (const { name, label } of RATIOS) {
    const b = before.figures[name];
    const a = after.figures[name];
    if (b === null || a === null) {
      anyMissing = true;
      continue;
    }
    const text = `${label} ${formatRatio(b)} → ${formatRatio(a)}`;
    known.push(text);
    if (Math.abs(a - 1) < Math.abs(b - 1)) moved.push(text);
  }
  if (moved.length > 0) return { ok: true, text: `fragmentation moved toward 1.0: ${moved.join('; ')}` };
  if (anyMissing && known.length === 0) {
    return { ok: false, refuted: false, text: 'no fragmentation ratio is reported on both sides, so the fall cannot be tied to fragmentation' };
  }
  if (anyMissing) {
    return { ok: false, refuted: false, text: `${known.join('; ')} did not move toward 1.0, and the other ratio is not reported on both sides` };
  }
  return { ok: false, refuted: true, text: `no fragmentation ratio moved toward 1.0 (${known.join('; ')})` };
}

/** Defrag's own evidence: hits are the reallocations it made. */
function hitsCheck(before: Moment, after: Moment, drops: CounterDrop[]): Check {
  if (drops.length > 0) {
    // Same run_id (a restart was handled earlier): the statistics were reset by hand.
    return {
      ok: false,
      refuted: false,
      text: `counters were reset (CONFIG RESETSTAT?): ${dropText(drops)}, so defrag's work between the two moments cannot be counted`,
    };
  }
  const b = before.figures.active_defrag_hits;
  const a = after.figures.active_defrag_hits;
  if (b === null || a === null) {
    return { ok: false, refuted: false, text: "active_defrag_hits is not reported on both sides, so defrag's work cannot be shown" };
  }
  if (a > b) return { ok: true, text: `active_defrag_hits rose by ${formatCount(a - b)}` };
  return { ok: false, refuted: true, text: 'no defrag hits between the two moments: defrag did not run' };
}

/** 12 significant digits: far beyond any INFO figure's precision, short of double rounding noise. */
function clean(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? value : Number(value.toPrecision(12));
}
