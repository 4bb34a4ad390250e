/**
 * Epoch ms of an instant in the one form the window schema accepts (zod's `z.iso.datetime({ offset: true })`:
 * `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`), NaN for anything else.
 * Not luxon: the schema is loaded by every page (the status strip reads the windows), and luxon would add ~27 KiB
 * gzip to the first load. For every string of that form this equals `instantMs` (luxon's fromISO: fraction
 * truncated to the millisecond, at most 30 fraction digits); iso-instant.test.ts checks the two side by side.
 */
const FORM = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(?:\.(\d{1,30}))?(?:Z|([+-])([01]\d|2[0-3]):([0-5]\d))$/;

export function isoInstantMs(iso: string): number {
  const match = FORM.exec(iso);
  if (!match) return Number.NaN;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const fraction = match[7];
  const millis = fraction === undefined ? 0 : Math.floor(parseFloat(`0.${fraction}`) * 1000);
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  // 2026-02-30 would roll over into March: it names no day.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return Number.NaN;
  const offsetMinutes = match[8] === undefined ? 0 : (match[8] === '-' ? -1 : 1) * (Number(match[9]) * 60 + Number(match[10]));
  return date.getTime() - offsetMinutes * 60_000;
}

/** Whether the runtime knows `zone` as a time zone: the same test luxon's IANAZone.isValidZone makes. */
export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone }).format();
    return true;
  } catch {
    return false;
  }
}
