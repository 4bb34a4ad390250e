import type { Snapshot } from '../snapshot';
import type { Baseline } from './schema';

/**
 * A Moment is what a comparison compares: the few figures that show what defrag did, at one
 * instant, on one server process. Built from a full snapshot (a baseline, "now") or from the
 * history's columns (the end of a detected defrag run), so comparisons never care which.
 */

export type FigureKind = 'bytes' | 'ratio' | 'count' | 'ms';
/**
 * Which direction is an improvement: `down` for RSS and fragmentation bytes, `up` for the defrag
 * hit counters (work done), `toward-one` for ratios (1.0 is no fragmentation; below 1 is swapping,
 * not health), `none` where neither direction is good in itself (used memory is the dataset,
 * misses and time spent are cost, not result).
 */
export type FigureBetter = 'down' | 'up' | 'toward-one' | 'none';

export interface FigureSpec<N extends string = string> {
  readonly name: N;
  readonly label: string;
  readonly kind: FigureKind;
  readonly better: FigureBetter;
}

/** In the order a report shows them: the outcome first (RSS, used), then fragmentation, then defrag's work. */
export const FIGURES = [
  { name: 'used_memory_rss', label: 'RSS', kind: 'bytes', better: 'down' },
  { name: 'used_memory', label: 'Used memory', kind: 'bytes', better: 'none' },
  { name: 'mem_fragmentation_ratio', label: 'RSS fragmentation ratio', kind: 'ratio', better: 'toward-one' },
  // Signed (RSS - used); below zero is the swapping case, which the ratio row shows as < 1.
  { name: 'mem_fragmentation_bytes', label: 'RSS fragmentation bytes', kind: 'bytes', better: 'down' },
  { name: 'allocator_frag_ratio', label: 'Allocator fragmentation ratio', kind: 'ratio', better: 'toward-one' },
  { name: 'allocator_frag_bytes', label: 'Allocator fragmentation bytes', kind: 'bytes', better: 'down' },
  { name: 'active_defrag_hits', label: 'Defrag hits', kind: 'count', better: 'up' },
  { name: 'active_defrag_misses', label: 'Defrag misses', kind: 'count', better: 'none' },
  { name: 'active_defrag_key_hits', label: 'Defrag key hits', kind: 'count', better: 'up' },
  { name: 'active_defrag_key_misses', label: 'Defrag key misses', kind: 'count', better: 'none' },
  // Only Redis 7.0+ / Valkey report it; older servers give null.
  { name: 'total_active_defrag_time', label: 'Total defrag time (7.0+)', kind: 'ms', better: 'none' },
] as const satisfies readonly FigureSpec[];

export type FigureName = (typeof FIGURES)[number]['name'];
export type Figures = Record<FigureName, number | null>;

export interface Moment {
  at: number;
  label: string;
  targetId: string;
  /** `run_id`: changes on every restart, which resets RSS and the counters. Null when unknown. */
  runId: string | null;
  figures: Figures;
}

export const FIGURE_NAMES: readonly FigureName[] = FIGURES.map((f) => f.name);

/** Every figure present, null where not given: a history row may lack columns a snapshot has. */
function completeFigures(figures: Partial<Figures>): Figures {
  return Object.fromEntries(FIGURE_NAMES.map((name) => [name, finiteOrNull(figures[name])])) as Figures;
}

function finiteOrNull(value: number | null | undefined): number | null {
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

export function momentFromSnapshot(snapshot: Snapshot, label: string): Moment {
  // Every FIGURES name is an INFO field name, so the snapshot's info holds each one (null if missing).
  const figures = Object.fromEntries(FIGURE_NAMES.map((name) => [name, snapshot.info[name]])) as Partial<Figures>;
  return { at: snapshot.at, label, targetId: snapshot.targetId, runId: snapshot.server.runId, figures: completeFigures(figures) };
}

/** For the server's "end of a defrag run" moment, built from history columns; missing figures become null. */
export function momentFromFigures(at: number, label: string, targetId: string, runId: string | null, figures: Partial<Figures>): Moment {
  return { at, label, targetId, runId, figures: completeFigures(figures) };
}

/** A baseline compares under its own name. */
export function momentFromBaseline(baseline: Baseline): Moment {
  return momentFromSnapshot(baseline.snapshot, baseline.name);
}
