import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AdminToken } from '../core/env';
import { AppError } from '../core/errors';
import { isCrossOrigin } from '../http/same-origin';

/**
 * Who may write. A write needs FRAGSCOPE_ADMIN_TOKEN: as `Authorization: Bearer <token>` (scripts)
 * or as the session cookie the sign-in form sets (browsers). The cookie holds no token, only
 * `label.expiry.hmac` keyed by the token, so it dies when the token is changed.
 */

export const SESSION_COOKIE = 'fragscope_session';
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

/** Constant-time over equal-length digests: the comparison leaks neither length nor prefix. */
function sameSecret(a: string, b: string): boolean {
  const da = createHash('sha256').update(a).digest();
  const db = createHash('sha256').update(b).digest();
  return timingSafeEqual(da, db);
}

export function tokenLabel(tokens: readonly AdminToken[], presented: string): string | null {
  let found: string | null = null;
  // Check every token so the time taken does not say which one matched.
  for (const { label, token } of tokens) if (sameSecret(token, presented)) found = label;
  return found;
}

function sign(token: string, label: string, expires: number): string {
  return createHmac('sha256', token).update(`fragscope-session:${label}:${expires}`).digest('base64url');
}

export function sessionCookieValue(tokens: readonly AdminToken[], label: string, now = Date.now()): string {
  const entry = tokens.find((t) => t.label === label);
  if (!entry) throw new Error(`no token labelled ${label}`);
  const expires = Math.floor(now / 1000) + SESSION_TTL_SECONDS;
  return `${encodeURIComponent(label)}.${expires}.${sign(entry.token, label, expires)}`;
}

export function sessionLabel(tokens: readonly AdminToken[], value: string | null, now = Date.now()): string | null {
  if (!value) return null;
  const [rawLabel, rawExpires, mac] = value.split('.');
  if (!rawLabel || !rawExpires || !mac) return null;
  const label = safeDecode(rawLabel);
  const expires = Number(rawExpires);
  if (label === null || !Number.isInteger(expires) || expires * 1000 <= now) return null;
  const entry = tokens.find((t) => t.label === label);
  if (!entry) return null;
  return sameSecret(sign(entry.token, label, expires), mac) ? label : null;
}

function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

export function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get('cookie');
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The label of whoever sent this request, by bearer token or session cookie; null if nobody valid. */
export function requestActor(request: Request, tokens: readonly AdminToken[]): string | null {
  if (tokens.length === 0) return null;
  const auth = request.headers.get('authorization');
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return tokenLabel(tokens, bearer);
  return sessionLabel(tokens, readCookie(request, SESSION_COOKIE));
}

/**
 * The guard of every mutating route: cross-origin first (a forged request learns nothing about
 * tokens), then the token. Returns the actor label for the audit log.
 */
export function requireWriter(request: Request, tokens: readonly AdminToken[]): string {
  if (isCrossOrigin(request)) throw new AppError('forbidden', 'cross-origin request refused: writes must come from the dashboard itself');
  if (tokens.length === 0) {
    throw new AppError('unauthorized', 'writes are disabled: start the dashboard with FRAGSCOPE_ADMIN_TOKEN set to enable them');
  }
  const actor = requestActor(request, tokens);
  if (!actor) throw new AppError('unauthorized', 'sign in (or send Authorization: Bearer <FRAGSCOPE_ADMIN_TOKEN>) to change settings');
  return actor;
}

/** `Secure` only over HTTPS, so sign-in still works on http://localhost. */
export function sessionSetCookie(value: string, request: Request): string {
  const secure = isHttps(request) ? '; Secure' : '';
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_TTL_SECONDS}${secure}`;
}

export function sessionClearCookie(request: Request): string {
  const secure = isHttps(request) ? '; Secure' : '';
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`;
}

function isHttps(request: Request): boolean {
  const forwarded = request.headers.get('x-forwarded-proto');
  if (forwarded) return forwarded.split(',')[0]!.trim() === 'https';
  return new URL(request.url).protocol === 'https:';
}
