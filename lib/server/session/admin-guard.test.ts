import { describe, expect, it, vi } from 'vitest';
import {
  requestActor,
  requireWriter,
  revokeSessionCookie,
  SESSION_COOKIE,
  SESSION_TTL_SECONDS,
  sessionCookieValue,
  sessionLabel,
  sessionSetCookie,
  tokenLabel,
} from './admin-guard';
import { resetGuessLimiter } from './guess-limiter';
import type { AppError } from '../core/errors';
import { CLIENT_ADDRESS_HEADER } from '../http/client-address';

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
    const [version, label, expires, id, mac] = value.split('.');
    expect(sessionLabel(TOKENS, [version, Buffer.from('alice').toString('base64url'), expires, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, [version, label, Number(expires) + 3600, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, [version, label, expires, id, `${mac!.slice(1)}x`].join('.'), now)).toBeNull();
    expect(sessionLabel([{ label: 'bob', token: 'a-new-token-for-bob-00' }], value, now)).toBeNull();
    expect(sessionLabel(TOKENS, 'garbage', now)).toBeNull();
  });
  it('accepts only its one canonical text: no exponent expiry, no percent-encoded label, no extra field', () => {
    const value = sessionCookieValue(TOKENS, 'alice', now);
    const [version, label, expires, id, mac] = value.split('.') as [string, string, string, string, string];
    expect(sessionLabel(TOKENS, value, now)).toBe('alice');
    // The same numbers and letters in another spelling: each must be refused.
    expect(sessionLabel(TOKENS, [version, label, `${Number(expires) / 10}e1`, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, [version, label, `${expires}e0`, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, [version, label, `0${expires}`, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, [version, '%61lice', expires, id, mac].join('.'), now)).toBeNull();
    expect(sessionLabel(TOKENS, `${value}.extra`, now)).toBeNull();
    expect(sessionLabel(TOKENS, `${value}.`, now)).toBeNull();
    expect(sessionLabel(TOKENS, ` ${value}`, now)).toBeNull();
    // A base64url label with stray low bits decodes to the same text: not canonical, refused.
    const stray = label.slice(0, -1) + String.fromCharCode(label.charCodeAt(label.length - 1) + 1);
    expect(sessionLabel(TOKENS, [version, stray, expires, id, mac].join('.'), now)).toBeNull();
  });
  it('keeps working for a label with dots', () => {
    const dotted = [{ label: 'ops.team.eu', token: 'ops-token-0123456789ab' }];
    const value = sessionCookieValue(dotted, 'ops.team.eu', now);
    expect(sessionLabel(dotted, value, now + 1000)).toBe('ops.team.eu');
    expect(requireWriter(request({ cookie: `${SESSION_COOKIE}=${sessionCookieValue(dotted, 'ops.team.eu')}` }), dotted)).toBe('ops.team.eu');
  });
  it('is revoked by sign-out: the same cookie replayed afterwards verifies no more', () => {
    const value = sessionCookieValue(TOKENS, 'bob');
    const other = sessionCookieValue(TOKENS, 'bob');
    expect(sessionLabel(TOKENS, value)).toBe('bob');
    revokeSessionCookie(TOKENS, value);
    expect(sessionLabel(TOKENS, value)).toBeNull();
    expect(thrown(() => requireWriter(request({ cookie: `${SESSION_COOKIE}=${value}` }), TOKENS)).status).toBe(401);
    // Another session of the same label (another browser) is not signed out with it.
    expect(sessionLabel(TOKENS, other)).toBe('bob');
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
  it('backs off an address after 5 wrong bearer tokens (429 with Retry-After), even for the right token, and logs no guess', () => {
    resetGuessLimiter();
    const from = (address: string, token: string) => request({ authorization: `Bearer ${token}`, [CLIENT_ADDRESS_HEADER]: address });
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'info').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    try {
      for (let i = 0; i < 5; i++) expect(thrown(() => requireWriter(from('10.0.0.1', `guess-number-${i}-xyz`), TOKENS)).status).toBe(401);
      const limited = thrown(() => requireWriter(from('10.0.0.1', 'alice-token-0123456789'), TOKENS));
      expect(limited.status).toBe(429);
      const retryAfter = Number(limited.toResponse().headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // Another address is not punished for it.
      expect(requireWriter(from('10.0.0.2', 'alice-token-0123456789'), TOKENS)).toBe('alice');
    } finally {
      spy.mockRestore();
      resetGuessLimiter();
    }
    expect(lines.filter((l) => l.includes('wrong admin token'))).toHaveLength(5);
    expect(lines.join('\n')).not.toMatch(/guess-number|alice-token/);
    expect(lines[0]).toContain('10.0.0.1');
  });
  it('refuses cross-origin requests with 403 even with a valid token', () => {
    const auth = { authorization: 'Bearer alice-token-0123456789' };
    expect(thrown(() => requireWriter(request({ ...auth, origin: 'https://evil.example' }), TOKENS)).status).toBe(403);
    expect(thrown(() => requireWriter(request({ ...auth, 'sec-fetch-site': 'cross-site' }), TOKENS)).status).toBe(403);
    expect(requireWriter(request({ ...auth, origin: 'http://127.0.0.1:3000' }), TOKENS)).toBe('alice');
  });
});
