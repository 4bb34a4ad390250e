import { instantMs } from './instant';
import { DAY_MS } from './local-time';
import { type Occurrence, occurrencesBetween } from './occurrences';
import type { WindowSpec } from './schema';

/** How far ahead two recurring windows are compared: over a year, so every DST change is included. */
export const OVERLAP_HORIZON_DAYS = 400;

/** The `id` findOverlap reports when the candidate collides with itself (it has no id of its own yet). */
export const SELF_OVERLAP_ID = '(self)';

export interface OverlapHit {
  /** The colliding existing window, or SELF_OVERLAP_ID. */
  id: string;
  /** The colliding occurrence of that window (for a self-overlap, the one that starts before the previous ends). */
  start: number;
  end: number;
}

/**
 * The first occurrence of sorted-by-start `b` that intersects some occurrence of sorted-by-start `a`, or null.
 * Half-open intervals: one ending exactly when the other starts does not intersect it.
 */
function firstIntersection(a: Occurrence[], b: Occurrence[]): Occurrence | null {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    // Whichever ends first cannot meet anything later in the other list, which starts no earlier.
    if (x.end <= y.start) i++;
    else if (y.end <= x.start) j++;
    else return y;
  }
  return null;
}

/** The first occurrence that starts before the previous one has ended, in sorted-by-start `list`. */
function firstSelfIntersection(list: Occurrence[]): Occurrence | null {
  for (let i = 1; i < list.length; i++) {
    if (list[i]!.start < list[i - 1]!.end) return list[i]!;
  }
  return null;
}

/**
 * Whether a recurring window runs into its own next occurrence within the horizon. The schema caps durations at a
 * day / a week, but a shorter day at spring-forward (23 h) or near weekdays (Mon + Tue for 2000 min) still collide.
 */
export function selfOverlap(spec: WindowSpec, now: number, horizonDays = OVERLAP_HORIZON_DAYS): boolean {
  return firstSelfIntersection(occurrencesBetween(spec, now, now + horizonDays * DAY_MS)) !== null;
}

/** [start, end) that a one-off window still occupies after `now`; null for recurring windows. */
function onceSpan(spec: WindowSpec, now: number): [number, number] | null {
  return spec.kind === 'once' ? [Math.max(now, instantMs(spec.start)), instantMs(spec.end)] : null;
}

/**
 * The first window in `existing` (in array order) that collides with `candidate` from `now` on, with the first of
 * its occurrences that does; null if none does. A candidate that collides with itself is reported first, as
 * SELF_OVERLAP_ID. Pass only the same target's windows, without the one being edited.
 *
 * Two recurring windows are compared over `horizonDays`; when either is a one-off window only its own span is
 * compared, however far ahead it is, so that case is exact.
 */
export function findOverlap(
  existing: ReadonlyArray<{ id: string; spec: WindowSpec }>,
  candidate: WindowSpec,
  now: number,
  horizonDays = OVERLAP_HORIZON_DAYS,
): OverlapHit | null {
  const horizon: [number, number] = [now, now + horizonDays * DAY_MS];
  const candidateOverHorizon = occurrencesBetween(candidate, ...horizon);
  const self = firstSelfIntersection(candidateOverHorizon);
  if (self) return { id: SELF_OVERLAP_ID, start: self.start, end: self.end };

  const candidateSpan = onceSpan(candidate, now);
  for (const { id, spec } of existing) {
    const span = candidateSpan ?? onceSpan(spec, now);
    if (span && !(span[1] > span[0])) continue; // a one-off window that is already over collides with nothing
    const mine = span ? occurrencesBetween(candidate, ...span) : candidateOverHorizon;
    const theirs = occurrencesBetween(spec, ...(span ?? horizon));
    const hit = firstIntersection(mine, theirs);
    if (hit) return { id, start: hit.start, end: hit.end };
  }
  return null;
}
