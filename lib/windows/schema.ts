import { z } from 'zod';
// Not luxon: the browser loads this schema on every page (see iso-instant.ts).
import { isoInstantMs, isValidTimeZone } from './iso-instant';

/** ISO weekday 1..7 -> name at index weekday - 1 (ISO 8601: the week starts on Monday). */
export const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Longest one-off window: 7 days. */
export const MAX_ONCE_MS = 7 * 86_400_000;

const ISO_EXAMPLE = 'e.g. 2026-11-24T02:00:00+01:00';

// Every rule carries its own message: zod's defaults ("Invalid input: expected int, received number") mean nothing
// to an operator.
const timeSchema = z.string({ error: 'Time is required, as HH:MM' }).regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (issue) => `"${String(issue.input)}" is not a time: use HH:MM, 24-hour, 00:00 to 23:59`,
});

const timeZoneSchema = z.string({ error: 'Time zone is required (an IANA name such as Europe/Berlin)' }).superRefine((value, ctx) => {
  if (!isValidTimeZone(value)) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a time zone name (use an IANA name such as Europe/Berlin)` });
  }
});

function durationSchema(maxMinutes: number, why: string) {
  return z
    .number({ error: 'Duration is required, in whole minutes' })
    .int({ error: 'Duration must be whole minutes' })
    .min(1, { error: 'Duration must be at least 1 minute' })
    .max(maxMinutes, { error: `Duration can be at most ${maxMinutes} minutes (${why})` });
}

/** An instant with an explicit offset: without one it would mean the local time of whichever machine parses it. */
const isoInstant = z.iso.datetime({ offset: true });
const instantSchema = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field} must be an ISO-8601 date and time with seconds and an offset or Z, ${ISO_EXAMPLE}` });

const common = {
  preset: z.string({ error: 'Preset is required' }).min(1, { error: 'Preset is required' }).max(64, { error: 'Preset id can be at most 64 characters' }),
  label: z.string().max(80, { error: 'Label can be at most 80 characters' }).optional(),
};

const onceSchema = z.object({ kind: z.literal('once'), start: instantSchema('Start'), end: instantSchema('End'), ...common }).superRefine((spec, ctx) => {
  // Zod runs this even when a field failed its format; that field's message is the one to show.
  if (![spec.start, spec.end].every((value) => isoInstant.safeParse(value).success)) return;
  const length = isoInstantMs(spec.end) - isoInstantMs(spec.start);
  if (!(length > 0)) ctx.addIssue({ code: 'custom', path: ['end'], message: 'The window must end after it starts' });
  else if (length > MAX_ONCE_MS) ctx.addIssue({ code: 'custom', path: ['end'], message: 'A one-off window can last at most 7 days' });
});

const dailySchema = z.object({
  kind: z.literal('daily'),
  time: timeSchema,
  // 1440 or more would make each day's window run into the next day's.
  durationMinutes: durationSchema(1439, 'it repeats every day'),
  timeZone: timeZoneSchema,
  ...common,
});

const weekdayMessage = (issue: { input?: unknown }) => `Weekdays are numbers 1 (Mon) to 7 (Sun), not ${JSON.stringify(issue.input)}`;
const weekdaySchema = z.number({ error: weekdayMessage }).int({ error: weekdayMessage }).min(1, { error: weekdayMessage }).max(7, { error: weekdayMessage });

const weekdaysSchema = z
  .array(weekdaySchema, { error: 'Weekdays must be a list of numbers 1 (Mon) to 7 (Sun)' })
  .min(1, { error: 'Pick at least one weekday' })
  .superRefine((days, ctx) => {
    const repeated = new Set(days.filter((day, i) => days.indexOf(day) !== i));
    for (const day of repeated) {
      ctx.addIssue({ code: 'custom', message: `${WEEKDAY_NAMES[day - 1] ?? day} is listed more than once` });
    }
  });

const weeklySchema = z.object({
  kind: z.literal('weekly'),
  weekdays: weekdaysSchema,
  time: timeSchema,
  // 7 days or more would make each week's window run into the next week's.
  durationMinutes: durationSchema(10079, 'it repeats every week'),
  timeZone: timeZoneSchema,
  ...common,
});

export const windowSpecSchema = z.discriminatedUnion('kind', [onceSchema, dailySchema, weeklySchema], {
  error: 'kind must be "once", "daily" or "weekly"',
});
export type WindowSpec = z.infer<typeof windowSpecSchema>;
export type OnceSpec = Extract<WindowSpec, { kind: 'once' }>;
export type RecurringSpec = Extract<WindowSpec, { kind: 'daily' | 'weekly' }>;

export const storedWindowSchema = z.intersection(
  windowSpecSchema,
  z.object({
    id: z.string().min(1),
    targetId: z.string().min(1),
    createdAt: z.iso.datetime({ offset: true }),
    createdBy: z.string(),
  }),
);
export type StoredWindow = z.infer<typeof storedWindowSchema>;
