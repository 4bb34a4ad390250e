import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { recordFailure, retryAfterSeconds } from './guess-limiter';
import { isRevoked, revokeSession } from './revoked-sessions';
import type { AdminToken } from '../core/env';
import { AppError } from '../core/errors';
import { log } from '../core/log';
import { clientAddress } from '../http/client-address';
import { isCrossOrigin } from '../http/same-origin';

/**
 * Who may write. A write needs FRAGSCOPE_ADMIN_TOKEN: as `Authorization: Bearer <token>` (scripts)
 * or as the session cookie the sign-in form sets (browsers). The cookie holds no token, only
 * `v1.<base64url label>.<expiry>.<session id>.<hmac>` keyed by the token, so it dies when the token
 * is changed, and sign-out revokes its session id. The label is base64url so a `.` in it cannot
 * shift the fields, and every field must be in its one canonical form (no `1e9`, no `%61`, no
 * extra field): one session has exactly one cookie text.
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

const COOKIE_VERSION = 'v1';
const COOKIE_SHAPE = /^v1\.([A-Za-z0-9_-]{1,400})\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

function sign(token: string, label: string, expires: number, id: string): string {
  return createHmac('sha256', token).update(`fragscope-session:${COOKIE_VERSION}:${label}:${expires}:${id}`).digest('base64url');
}

export function sessionCookieValue(tokens: readonly AdminToken[], label: string, now = Date.now()): string {
  const entry = tokens.find((t) => t.label === label);
  if (!entry) throw new Error(`no token labelled ${label}`);
  const expires = Math.floor(now / 1000) + SESSION_TTL_SECONDS;
  const id = randomBytes(16).toString('base64url');
  return `${COOKIE_VERSION}.${Buffer.from(label).toString('base64url')}.${expires}.${id}.${sign(entry.token, label, expires, id)}`;
}

export interface VerifiedSession {
  label: string;
  id: string;
  expiresAtMs: number;
}

/** The session a cookie proves, or null: wrong shape, non-canonical field, bad MAC, expired or signed out. */
export function verifySession(tokens: readonly AdminToken[], value: string | null, now = Date.now()): VerifiedSession | null {
  const match = value ? COOKIE_SHAPE.exec(value) : null;
  if (!match) return null;
  const [, rawLabel, rawExpires, id, mac] = match as unknown as [string, string, string, string, string];
  const label = Buffer.from(rawLabel, 'base64url').toString('utf8');
  // base64url decoding forgives stray bits and bad UTF-8; only the text it re-encodes to is canonical.
  if (Buffer.from(label).toString('base64url') !== rawLabel) return null;
  const expires = Number(rawExpires);
  if (expires * 1000 <= now) return null;
  const entry = tokens.find((t) => t.label === label);
  if (!entry || !sameSecret(sign(entry.token, label, expires, id), mac)) return null;
  if (isRevoked(id)) return null;
  return { label, id, expiresAtMs: expires * 1000 };
}

export function sessionLabel(tokens: readonly AdminToken[], value: string | null, now = Date.now()): string | null {
  return verifySession(tokens, value, now)?.label ?? null;
}

/** Sign-out: the cookie's session stops verifying on this process even if a copy is replayed. */
export function revokeSessionCookie(tokens: readonly AdminToken[], value: string | null): void {
  const session = verifySession(tokens, value);
  if (session) revokeSession(session.id, session.expiresAtMs);
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

/** 429 while this address is backing off after wrong tokens; checked before any token is compared. */
export function refuseIfBackingOff(request: Request): void {
  const wait = retryAfterSeconds(clientAddress(request));
  if (wait > 0) throw new AppError('rate_limited', `too many wrong tokens from this address; try again in ${wait} s`, {}, { 'retry-after': String(wait) });
}

/** Counts and logs a wrong token; the log names the address and the way in, never what was sent. */
export function recordWrongToken(request: Request, how: string): void {
  const address = clientAddress(request);
  recordFailure(address);
  log.info(`wrong admin token (${how}) from ${address}`);
}

function presentedBearer(request: Request): boolean {
  return /^Bearer\s+\S+\s*$/i.test(request.headers.get('authorization') ?? '');
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
  refuseIfBackingOff(request);
  const actor = requestActor(request, tokens);
  if (!actor && presentedBearer(request)) recordWrongToken(request, 'bearer');
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
