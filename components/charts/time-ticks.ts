/**
 * Time-axis ticks an operator can read: on round wall-clock steps (every minute, 10 minutes,
 * hour...), so a live chart's labels stay put and only scroll, instead of shifting every second;
 * with the date where a range crosses midnight. Pure, so it is tested beside this file.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// From 1 s: a drag-to-zoom can narrow the axis to 10 s, which still deserves a few ticks.
const STEPS = [
  1_000,
  2_000,
  5_000,
  10_000,
  15_000,
  30_000,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  24 * HOUR,
];

/** The smallest round step that gives at most `maxTicks` ticks over [from, to]. */
export function tickStep(from: number, to: number, maxTicks = 6): number {
  const span = Math.max(to - from, 1);
  return STEPS.find((s) => span / s <= maxTicks) ?? STEPS[STEPS.length - 1]!;
}

/**
 * Ticks on multiples of the step in local time (an hour step lands on :00 in the browser's zone,
 * not UTC's), strictly inside [from, to].
 */
export function timeTicks(from: number, to: number, maxTicks = 6): number[] {
  const step = tickStep(from, to, maxTicks);
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to && ticks.length < 100; t += step) ticks.push(t);
  return ticks;
}

function sameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** A formatter for one axis: seconds only when the step needs them, the date when the range spans days. */
export function timeTickFormatter(from: number, to: number, maxTicks = 6): (t: number) => string {
  const step = tickStep(from, to, maxTicks);
  const withSeconds = step < MINUTE;
  const withDate = !sameDay(from, to);
  const time = timeFormat(withSeconds);
  return (t: number) => (withDate ? `${dateFormat().format(t)} ${time.format(t)}` : time.format(t));
}

// Made once and kept: toLocaleTimeString builds a new formatter on every call, and recharts formats
// every tick of six charts on each 1 Hz redraw (that was the most expensive script of a live update).
const timeFormats = new Map<boolean, Intl.DateTimeFormat>();
function timeFormat(withSeconds: boolean): Intl.DateTimeFormat {
  let format = timeFormats.get(withSeconds);
  if (!format) {
    format = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hour12: false });
    timeFormats.set(withSeconds, format);
  }
  return format;
}
let dayFormat: Intl.DateTimeFormat | null = null;
const dateFormat = () => (dayFormat ??= new Intl.DateTimeFormat([], { month: 'short', day: 'numeric' }));
