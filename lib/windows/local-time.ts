/**
 * Wall clock -> instant in an IANA time zone, with the DST rules maintenance windows promise:
 *
 * - Gap (spring forward): a wall time that does not exist that day starts at the first instant after the gap.
 *   Europe/Berlin 2026-03-29 02:30 -> 03:00 CEST (01:00Z).
 * - Repeat (fall back): a wall time that happens twice starts at the first of the two instants.
 *   Europe/Berlin 2026-10-25 02:30 -> 02:30 CEST (00:30Z), not 02:30 CET (01:30Z).
 *
 * Not luxon's DateTime.fromObject, which breaks both rules: it moves a gap time forward by the gap's length
 * (02:30 -> 03:30) and resolves a repeated time to whichever offset its first guess lands on (the later instant in
 * Berlin and New York, the earlier in Pacific/Chatham). Offsets come from Intl's `longOffset` directly, ~6x cheaper
 * than luxon's formatToParts, and are cached (see ZoneDays) because the overlap check resolves thousands of occurrences.
 */

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let cached = formatters.get(zone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, cached);
  }
  return cached;
}

// "1/2/2026, GMT+05:30"; plain "GMT" at offset 0; seconds for pre-1900 local mean time. U+2212 in case ICU uses it.
const OFFSET_RE = /GMT(?:([+\-\u2212])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

function intlOffsetMs(zone: string, t: number): number {
  const text = formatter(zone).format(t);
  const match = OFFSET_RE.exec(text);
  if (!match) throw new Error(`Cannot read the UTC offset of ${zone} from "${text}"`);
  const [, sign, hours, minutes, seconds] = match;
  if (!sign) return 0;
  const magnitude = ((Number(hours) * 60 + Number(minutes ?? 0)) * 60 + Number(seconds ?? 0)) * 1000;
  return sign === '+' ? magnitude : -magnitude;
}

/**
 * Per zone, per UTC day: the offset at the day's first instant and, for a day with a transition, the transition's
 * instant. Each Intl lookup costs ~1.5 µs and a 400-day overlap check over 20 windows needs tens of thousands, so
 * they are remembered; the cache is invisible to callers (same answers) and dropped when it grows large.
 * Assumes a zone changes offset at most once per UTC day (see wallToInstant).
 */
interface ZoneDays {
  startOffset: Map<number, number>;
  transition: Map<number, number>;
}
const zoneDays = new Map<string, ZoneDays>();
const MAX_CACHED_DAYS = 20_000;

function daysOf(zone: string): ZoneDays {
  let days = zoneDays.get(zone);
  if (!days || days.startOffset.size > MAX_CACHED_DAYS) {
    days = { startOffset: new Map(), transition: new Map() };
    zoneDays.set(zone, days);
  }
  return days;
}

function startOffset(zone: string, days: ZoneDays, day: number): number {
  let offset = days.startOffset.get(day);
  if (offset === undefined) {
    offset = intlOffsetMs(zone, day * DAY_MS);
    days.startOffset.set(day, offset);
  }
  return offset;
}

/** Offset of `zone`'s wall clock from UTC at instant `t`, in ms, positive east of Greenwich. */
export function offsetMs(zone: string, t: number): number {
  const days = daysOf(zone);
  const day = Math.floor(t / DAY_MS);
  const atStart = startOffset(zone, days, day);
  const atEnd = startOffset(zone, days, day + 1);
  if (atStart === atEnd) return atStart;
  let transition = days.transition.get(day);
  if (transition === undefined) {
    transition = firstInstantWhere((u) => intlOffsetMs(zone, u) !== atStart, day * DAY_MS, (day + 1) * DAY_MS);
    days.transition.set(day, transition);
  }
  return t < transition ? atStart : atEnd;
}

/** The first instant in (lo, hi] where `changed` holds, given it is false at lo and true from there to hi. */
function firstInstantWhere(changed: (t: number) => boolean, lo: number, hi: number): number {
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (changed(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** "HH:MM" -> minutes after local midnight. The schema guarantees the format. */
export function minutesOfDay(time: string): number {
  const [hours, minutes] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** ISO weekday (1 = Monday) of a day number counted from 1970-01-01, which was a Thursday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The instant at which `zone`'s clocks show `wall`, a local date and time written as if it were UTC epoch ms
 * (day number * DAY_MS + time of day). Gap and repeat rules: see the file comment.
 */
export function wallToInstant(zone: string, wall: number): number {
  // Real offsets lie within -12 h..+14 h, so the instant is between these two probes; if they differ, a
  // transition lies between them. Assumes at most one transition in 48 h: no zone in Node 20's tzdata has two
  // within 48 h of each other between 1970 and 2040 (checked by sampling all 418 zones every 6 h).
  const before = offsetMs(zone, wall - DAY_MS);
  const after = offsetMs(zone, wall + DAY_MS);
  // The larger offset gives the earlier instant, which wins when the wall time happens twice.
  const first = Math.max(before, after);
  const second = Math.min(before, after);
  if (offsetMs(zone, wall - first) === first) return wall - first;
  if (second !== first && offsetMs(zone, wall - second) === second) return wall - second;
  // Neither offset reaches `wall`: it is in a gap, and the clock jumped from `before` to `after` at some instant T
  // with T + before <= wall < T + after. T is where the window starts.
  if (after > before) return firstInstantWhere((t) => offsetMs(zone, t) === after, wall - after, wall - before);
  // Unreachable with at most one transition in the probed 48 h; some instant beats throwing in a scheduler.
  return wall - after;
}
