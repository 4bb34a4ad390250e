import { describe, expect, it } from 'vitest';
import {
  requestActor,
  requireWriter,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionCookieValue,
  sessionLabel,
  sessionSetCookie,
  tokenLabel,
} from './admin-guard';
import type { AppError } from '../core/errors';

const TOKENS = [
  { label: 'alice', token: 'alice-token-0123456789' },
  { label: 'bob', token: 'bob-token-0123456789ab' },
];

function request(headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/targets/default/config'): Request {
  return new Request(url, { method: 'POST', headers: { host: '127.0.0.1:3000', ...headers } });
}

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('did not throw');
}

describe('tokens', () => {
  it('finds the label of a presented token and nothing for a wrong one', () => {
    expect(tokenLabel(TOKENS, 'bob-token-0123456789ab')).toBe('bob');
    expect(tokenLabel(TOKENS, 'bob-token-0123456789a')).toBeNull();
    expect(tokenLabel([], 'anything')).toBeNull();
  });
  it('accepts Authorization: Bearer and refuses other schemes', () => {
    expect(requestActor(request({ authorization: 'Bearer alice-token-0123456789' }), TOKENS)).toBe('alice');
    expect(requestActor(request({ authorization: 'Basic alice-token-0123456789' }), TOKENS)).toBeNull();
    expect(requestActor(request({}), TOKENS)).toBeNull();
  });
});

describe('session cookie', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');
  it('round-trips the label and expires after its lifetime', () => {
    const value = sessionCookieValue(TOKENS, 'bob', now);
    expect(value).not.toContain('bob-token');
    expect(sessionLabel(TOKENS, value, now + 1000)).toBe('bob');
    expect(sessionLabel(TOKENS, value, now + SESSION_TTL_SECONDS * 1000 + 1000)).toBeNull();
  });
  it('refuses a tampered label, expiry or signature, and dies when the token changes', () => {
    const value = sessionCookieValue(TOKENS, 'bob', now);
    const [label, expires, mac] = value.split('.');
    expect(sessionLabel(TOKENS, `alice.${expires}.${mac}`, now)).toBeNull();
    expect(sessionLabel(TOKENS, `${label}.${Number(expires) + 3600}.${mac}`, now)).toBeNull();
    expect(sessionLabel(TOKENS, `${label}.${expires}.${mac!.slice(1)}x`, now)).toBeNull();
    expect(sessionLabel([{ label: 'bob', token: 'a-new-token-for-bob-00' }], value, now)).toBeNull();
    expect(sessionLabel(TOKENS, 'garbage', now)).toBeNull();
  });
  it('is sent httpOnly and SameSite=Strict, Secure only over https', () => {
    const plain = sessionSetCookie('v', request({}));
    expect(plain).toMatch(new RegExp(`^${SESSION_COOKIE}=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=\\d+$`));
    expect(sessionSetCookie('v', request({ 'x-forwarded-proto': 'https' }))).toMatch(/; Secure$/);
  });
  it('identifies the writer from the cookie', () => {
    const cookie = `other=1; ${SESSION_COOKIE}=${sessionCookieValue(TOKENS, 'alice')}`;
    expect(requireWriter(request({ cookie }), TOKENS)).toBe('alice');
  });
});

describe('requireWriter', () => {
  it('refuses every write when no token is configured (401, says how to enable)', () => {
    const error = thrown(() => requireWriter(request({ authorization: 'Bearer alice-token-0123456789' }), []));
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/FRAGSCOPE_ADMIN_TOKEN/);
  });
  it('refuses a missing or wrong token with 401', () => {
    expect(thrown(() => requireWriter(request({}), TOKENS)).status).toBe(401);
    expect(thrown(() => requireWriter(request({ authorization: 'Bearer nope' }), TOKENS)).status).toBe(401);
  });
  it('refuses cross-origin requests with 403 even with a valid token', () => {
    const auth = { authorization: 'Bearer alice-token-0123456789' };
    expect(thrown(() => requireWriter(request({ ...auth, origin: 'https://evil.example' }), TOKENS)).status).toBe(403);
    expect(thrown(() => requireWriter(request({ ...auth, 'sec-fetch-site': 'cross-site' }), TOKENS)).status).toBe(403);
    expect(requireWriter(request({ ...auth, origin: 'http://127.0.0.1:3000' }), TOKENS)).toBe('alice');
  });
});
