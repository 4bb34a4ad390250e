import { DateTime } from 'luxon';
import { minutesOfDay } from './local-time';
import { type OnceSpec, WEEKDAY_NAMES, type WindowSpec } from './schema';

/** "90 min" under two hours, where minutes read best; else "2 h 30 min", "1 d 9 h 20 min". */
export function formatDuration(totalMinutes: number): string {
  if (totalMinutes < 120) return `${totalMinutes} min`;
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const parts = [days && `${days} d`, hours && `${hours} h`, minutes && `${minutes} min`];
  return parts.filter(Boolean).join(' ');
}

/** ISO weekdays -> "Mon, Wed, Fri"; runs of three or more collapse ("Mon–Fri"); all seven -> "Every day". */
export function formatWeekdays(weekdays: readonly number[]): string {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  if (days.length === 7) return 'Every day';
  const groups: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    const name = (day: number) => WEEKDAY_NAMES[day - 1] ?? String(day);
    if (j - i >= 2) groups.push(`${name(days[i]!)}–${name(days[j]!)}`);
    else for (let k = i; k <= j; k++) groups.push(name(days[k]!));
    i = j + 1;
  }
  return groups.join(', ');
}

function clock(minutes: number): string {
  const wrapped = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(wrapped / 60)).padStart(2, '0')}:${String(wrapped % 60).padStart(2, '0')}`;
}

/**
 * Both ends in the offset the start was written in (what the operator typed), the end's date only when it differs;
 * seconds only when either end has them.
 */
function describeOnce(spec: OnceSpec): string {
  const start = DateTime.fromISO(spec.start, { setZone: true });
  const end = DateTime.fromISO(spec.end).setZone(start.zone);
  const time = start.second || end.second ? 'HH:mm:ss' : 'HH:mm';
  const endFormat = end.hasSame(start, 'day') ? time : `yyyy-MM-dd ${time}`;
  const zone = start.offset === 0 ? 'UTC' : `UTC${start.toFormat('Z')}`;
  return `Once ${start.toFormat(`yyyy-MM-dd ${time}`)} → ${end.toFormat(endFormat)} ${zone}`;
}

/**
 * Short, human summary of when a window runs, e.g. "Daily 02:00–04:00 Europe/Berlin",
 * "Mon, Wed, Fri 01:30 for 90 min (America/New_York)", "Once 2026-11-24 02:00 → 04:00 UTC".
 * A daily end time is the nominal wall-clock end (23:30–01:30 runs past midnight); on DST days it shifts by the
 * change, since durations are real time.
 */
export function describeWindow(spec: WindowSpec): string {
  switch (spec.kind) {
    case 'once':
      return describeOnce(spec);
    case 'daily': {
      const start = minutesOfDay(spec.time);
      return `Daily ${spec.time}–${clock(start + spec.durationMinutes)} ${spec.timeZone}`;
    }
    case 'weekly':
      return `${formatWeekdays(spec.weekdays)} ${spec.time} for ${formatDuration(spec.durationMinutes)} (${spec.timeZone})`;
  }
}
