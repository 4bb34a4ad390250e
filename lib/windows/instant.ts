import { DateTime } from 'luxon';

/**
 * Epoch ms of an ISO-8601 instant, NaN if unreadable.
 * Luxon rather than Date.parse: engines disagree on forms outside ECMAScript's own subset (e.g. nanosecond fractions,
 * which the schema accepts), and this runs in both the server and the browser.
 */
export function instantMs(iso: string): number {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : Number.NaN;
}
