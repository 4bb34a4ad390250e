import { DateTime } from 'luxon';
import type { Occurrence, WindowSpec } from '@/lib/windows';
import { windowSpecSchema } from '@/lib/windows';

/** The add-window form as typed, and its translation into the spec the server checks with the same schema. */
export interface WindowFormValues {
  kind: 'once' | 'daily' | 'weekly';
  /** YYYY-MM-DD, once only. */
  date: string;
  /** HH:MM, wall clock in `timeZone`. */
  time: string;
  durationMinutes: string;
  /** ISO weekdays, 1 = Monday; weekly only. */
  weekdays: number[];
  timeZone: string;
  preset: string;
  label: string;
}

export type BuiltSpec = { ok: true; spec: WindowSpec } | { ok: false; errors: string[] };

/** The browser's own IANA zone (UTC when it will not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function buildWindowSpec(form: WindowFormValues): BuiltSpec {
  const minutes = form.durationMinutes.trim() === '' ? Number.NaN : Number(form.durationMinutes);
  const common = { preset: form.preset, ...(form.label.trim() ? { label: form.label.trim() } : {}) };
  let candidate: unknown;
  if (form.kind === 'once') {
    const start = DateTime.fromISO(`${form.date}T${form.time}`, { zone: form.timeZone });
    if (!start.isValid)
      return {
        ok: false,
        errors: [
          `Cannot read ${form.date || '(no date)'} ${form.time || '(no time)'} in ${form.timeZone || '(no time zone)'}: ${start.invalidExplanation ?? start.invalidReason}`,
        ],
      };
    if (!Number.isInteger(minutes) || minutes < 1) return { ok: false, errors: ['Duration must be a whole number of minutes, at least 1'] };
    const iso = (t: DateTime) => t.toISO({ suppressMilliseconds: true }) ?? '';
    candidate = { kind: 'once', start: iso(start), end: iso(start.plus({ minutes })), ...common };
  } else {
    const base = { time: form.time, durationMinutes: minutes, timeZone: form.timeZone.trim(), ...common };
    candidate = form.kind === 'daily' ? { kind: 'daily', ...base } : { kind: 'weekly', weekdays: [...form.weekdays].sort((a, b) => a - b), ...base };
  }
  const parsed = windowSpecSchema.safeParse(candidate);
  return parsed.success ? { ok: true, spec: parsed.data } : { ok: false, errors: [...new Set(parsed.error.issues.map((i) => i.message))] };
}

const DAY = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** "Tue, 24 Nov 2026, 02:00 – 04:00" in the browser's local time (the end's date only when it differs). */
export function formatOccurrence({ start, end }: Occurrence): string {
  const sameDay = DAY.format(start) === DAY.format(end);
  return `${DAY.format(start)}, ${TIME.format(start)} – ${sameDay ? '' : `${DAY.format(end)}, `}${TIME.format(end)}`;
}
