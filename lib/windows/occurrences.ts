import { instantMs } from './instant';
import { DAY_MS, MINUTE_MS, isoWeekday, minutesOfDay, wallToInstant } from './local-time';
import type { OnceSpec, RecurringSpec, WindowSpec } from './schema';

/**
 * One run of a window, as epoch ms: active for start <= t < end.
 *
 * Recurring windows start at their wall-clock `time` in `timeZone` on each matching local date (weekdays are judged
 * on that local date, not in UTC) and last `durationMinutes` of real elapsed time, so a 120-minute window that spans
 * a DST change still runs 120 minutes and its wall-clock end shifts by an hour. A start time skipped by a
 * spring-forward gap starts at the end of the gap; one repeated by a fall-back starts at its first occurrence,
 * once per day (see local-time.ts).
 */
export interface Occurrence {
  start: number;
  end: number;
}

/** How far ahead nextOccurrences looks: over a year, so every DST change and weekday combination is seen. */
export const SEARCH_DAYS = 400;

function onceOccurrence(spec: OnceSpec): Occurrence {
  return { start: instantMs(spec.start), end: instantMs(spec.end) };
}

/** Occurrences starting on local dates firstDay..lastDay (day numbers from 1970-01-01), in start order. */
function* recurring(spec: RecurringSpec, firstDay: number, lastDay: number): Generator<Occurrence> {
  const timeOfDay = minutesOfDay(spec.time) * MINUTE_MS;
  const duration = spec.durationMinutes * MINUTE_MS;
  const weekdays = spec.kind === 'weekly' ? new Set(spec.weekdays) : null;
  let previousStart = Number.NEGATIVE_INFINITY;
  for (let day = firstDay; day <= lastDay; day++) {
    if (weekdays && !weekdays.has(isoWeekday(day))) continue;
    const start = wallToInstant(spec.timeZone, day * DAY_MS + timeOfDay);
    // A gap of a whole day (Pacific/Apia skipped 2011-12-30) maps two local dates onto one instant: run once.
    if (start <= previousStart) continue;
    previousStart = start;
    yield { start, end: start + duration };
  }
}

/**
 * Local dates whose occurrence can reach into [from, to). An occurrence starts between 14 h before and 12 h after
 * its wall time read as UTC (the extreme zone offsets), later still by at most a DST gap; the margins cover that.
 */
function dayRange(spec: RecurringSpec, from: number, to: number): [number, number] {
  const duration = spec.durationMinutes * MINUTE_MS;
  return [Math.floor((from - duration) / DAY_MS) - 2, Math.floor(to / DAY_MS) + 1];
}

/** Every occurrence intersecting [from, to), in start order, including one that began before `from`. */
export function occurrencesBetween(spec: WindowSpec, from: number, to: number): Occurrence[] {
  if (!(to > from)) return [];
  if (spec.kind === 'once') {
    const only = onceOccurrence(spec);
    return only.end > from && only.start < to ? [only] : [];
  }
  const [firstDay, lastDay] = dayRange(spec, from, to);
  const found: Occurrence[] = [];
  for (const occurrence of recurring(spec, firstDay, lastDay)) {
    if (occurrence.end > from && occurrence.start < to) found.push(occurrence);
  }
  return found;
}

/** The occurrence running at `now` (start <= now < end), or null. */
export function activeOccurrence(spec: WindowSpec, now: number): Occurrence | null {
  return occurrencesBetween(spec, now, now + 1).find((o) => o.start <= now && now < o.end) ?? null;
}

/**
 * Up to `count` occurrences that have not ended by `now`: the running one first, then upcoming ones. Recurring
 * windows are searched SEARCH_DAYS ahead; a one-off window is returned however far ahead it is, and [] once over.
 */
export function nextOccurrences(spec: WindowSpec, now: number, count: number): Occurrence[] {
  if (!(count >= 1)) return [];
  if (spec.kind === 'once') {
    const only = onceOccurrence(spec);
    return only.end > now ? [only] : [];
  }
  const horizon = now + SEARCH_DAYS * DAY_MS;
  const [firstDay, lastDay] = dayRange(spec, now, horizon);
  const found: Occurrence[] = [];
  for (const occurrence of recurring(spec, firstDay, lastDay)) {
    if (occurrence.start >= horizon) break;
    if (occurrence.end <= now) continue;
    found.push(occurrence);
    if (found.length >= count) break;
  }
  return found;
}
