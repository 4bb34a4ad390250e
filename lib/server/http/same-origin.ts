import 'server-only';

/**
 * Browsers send Origin (and Sec-Fetch-Site) on every POST: a mismatch means another site is
 * driving the user's browser. Clients that send neither (curl, scripts) are not a CSRF vector.
 */
export function isCrossOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
