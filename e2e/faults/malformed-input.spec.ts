import { startApp } from '../../scripts/harness/app-process';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { faultSeed, seededRandom, STACK_FRAME } from './fault-support';

/**
 * Fault suite 6: malformed input to every API route. Fuzzed JSON (truncated, wrong types, arrays,
 * nested junk, prototype keys), huge bodies, unknown targets and path tricks in every id. Each
 * must be a 4xx with a JSON `{ error: { message } }` that says something, never a 500, never a
 * stack trace in the log, and Redis must not change. The random part is seeded
 * (FRAGSCOPE_FAULT_SEED replays a run); every failure is listed with its request.
 */

const TOKEN = 'fault-suite-admin-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };

type Method = 'GET' | 'POST' | 'DELETE';
interface Answer {
  status: number;
  contentType: string;
  text: string;
}

/** Ids as they go into a URL path: unknown ones, traversal, NUL, CRLF, very long, unicode, bad escapes. */
const PATH_IDS = [
  'nope',
  'DEFAULT',
  'default%20',
  '%20default',
  '..%2F..%2Fetc%2Fpasswd',
  '..%2f..',
  '%2e%2e%2fdefault',
  '..%5c..%5cwindows',
  '%00',
  'default%00',
  '%0d%0aSet-Cookie:%20x=1',
  'a'.repeat(65),
  'x'.repeat(4000),
  '%C3%A9t%C3%A9',
  '%F0%9F%92%A9',
  '%E2%80%AEtluafed',
  '%EF%BC%84default',
  '%25',
  '%25ZZ',
];

/**
 * Invalid percent-escapes and invalid UTF-8 in a path segment. Next.js's own router would answer
 * these with a bare 500 before any route runs (vercel/next.js#92527); scripts/serve.mjs answers a
 * JSON 400 first, so they get the same clear 4xx as everything else.
 */
const UNDECODABLE_IDS = ['%ZZ', '%E0%A4%A', '%C0%AE', '%FF'];

/** A string an attacker or a confused client might send, as a JSON value. */
const JUNK_STRINGS = [
  '',
  ' ',
  'null',
  'NaN',
  '-1',
  '1e400',
  '0x10',
  '__proto__',
  'constructor',
  '\u0000',
  '\u202e',
  '💩',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; FLUSHALL; --",
  '\r\nCONFIG SET activedefrag yes\r\n',
  'ä'.repeat(70),
];

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

function makeJunk(random: () => number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const junk = (depth: number): unknown => {
    const r = random();
    if (depth <= 0 || r < 0.3) return pick<unknown>([null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 2 ** 53 + 1, ...JUNK_STRINGS]);
    if (r < 0.6) return Array.from({ length: 1 + Math.floor(random() * 4) }, () => junk(depth - 1));
    const entries = Array.from(
      { length: 1 + Math.floor(random() * 4) },
      () => [pick([...PROTO_KEYS, 'a', '', '💩', 'changes', 'kind']), junk(depth - 1)] as const,
    );
    return Object.fromEntries(entries);
  };
  /** Junk that is never a string (for string fields) or never an object (for object fields). */
  const wrongFor = (kind: FieldKind): unknown => {
    for (;;) {
      const value = junk(2);
      if (kind === 'string' && typeof value !== 'string') return value;
      if (kind === 'number' && typeof value !== 'number') return value;
      if ((kind === 'record' || kind === 'object') && (value === null || typeof value !== 'object' || Array.isArray(value))) return value;
    }
  };
  return { junk, wrongFor, pick };
}

type FieldKind = 'string' | 'number' | 'record' | 'object';

interface BodyRoute {
  name: string;
  method: Method;
  path: string;
  /** Well-formed, but refused by the app anyway (so no mutation can ever reach Redis). */
  base: Record<string, unknown>;
  fields: Record<string, FieldKind>;
  /** The status everything gets before the body is read (lab: demo only; unknown cluster), if any. */
  always?: number;
}

/** JSON text with a prototype key injected at the top level, as a client could send it. */
function withProtoKey(base: Record<string, unknown>, key: string, value: unknown): string {
  return `{${JSON.stringify(key)}:${JSON.stringify(value)},${JSON.stringify(base).slice(1)}`;
}

/** Bodies that are wrong in every way the fuzzer knows, for one route. */
function malformedBodies(route: BodyRoute, random: () => number): { label: string; body: string; expect?: number }[] {
  const { junk, wrongFor, pick } = makeJunk(random);
  const valid = JSON.stringify(route.base);
  const out: { label: string; body: string; expect?: number }[] = [];
  for (let i = 0; i < 6; i++) {
    const cut = 1 + Math.floor(random() * (valid.length - 1));
    out.push({ label: `truncated at ${cut}`, body: valid.slice(0, cut), expect: 422 });
  }
  out.push({ label: 'empty', body: '', expect: 422 });
  out.push({ label: 'not JSON', body: 'changes=1&token=x', expect: 422 });
  out.push({ label: 'binary', body: String.fromCharCode(...Array.from({ length: 64 }, () => Math.floor(random() * 256))) });
  for (const top of ['[]', 'null', '0', '"x"', 'true', `[${valid}]`, `[${valid},${valid}]`])
    out.push({ label: `top level ${top.slice(0, 20)}`, body: top, expect: 422 });
  for (const [field, kind] of Object.entries(route.fields)) {
    for (let i = 0; i < 3; i++) out.push({ label: `${field} of a wrong type`, body: JSON.stringify({ ...route.base, [field]: wrongFor(kind) }), expect: 422 });
    const { [field]: _dropped, ...rest } = route.base;
    out.push({ label: `without ${field}`, body: JSON.stringify(rest), expect: 422 });
  }
  for (const key of PROTO_KEYS) out.push({ label: `prototype key ${key}`, body: withProtoKey(route.base, key, { polluted: true, isAdmin: true }) });
  out.push({ label: 'nested prototype key', body: JSON.stringify(route.base).replace(/^\{/, '{"changes":{"__proto__":{"active-defrag-cycle-max":"5"}},') });
  out.push({
    label: 'deeply nested junk',
    body: JSON.stringify({ ...route.base, [pick(Object.keys(route.fields))]: JSON.parse('['.repeat(3000) + ']'.repeat(3000)) }),
  });
  for (let i = 0; i < 6; i++) out.push({ label: 'random junk', body: JSON.stringify(junk(4)) });
  out.push({ label: 'unknown extra keys', body: JSON.stringify({ ...route.base, extra: junk(2), ['x'.repeat(100)]: 1 }) });
  // Over 16 KB: ASCII, multi-byte (6,000 characters but 18,000 bytes) and 2 MB.
  out.push({ label: 'huge (17 KB ASCII)', body: JSON.stringify({ ...route.base, pad: 'x'.repeat(17 * 1024) }), expect: 413 });
  out.push({ label: 'huge (18 KB of 3-byte characters)', body: JSON.stringify({ ...route.base, pad: '€'.repeat(6000) }), expect: 413 });
  out.push({ label: 'huge (2 MB)', body: JSON.stringify({ ...route.base, pad: 'y'.repeat(2 * 1024 * 1024) }), expect: 413 });
  return out.map((b) => (route.always ? { ...b, expect: route.always } : b));
}

test('malformed input to every API route: always a clear 4xx JSON error, never a 500, and Redis untouched', async ({ redis, direct }) => {
  test.setTimeout(120_000);
  const seed = faultSeed(6);
  const random = seededRandom(seed);
  const app = await startApp({ REDIS_URL: redis.url, FRAGSCOPE_POLL_MS: String(POLL_MS), FRAGSCOPE_ADMIN_TOKEN: TOKEN });
  const failures: { request: string; problem: string; body: string }[] = [];
  let requests = 0;
  const started = Date.now();

  const call = async (method: Method, path: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Answer> => {
    requests++;
    const response = await fetch(app.url + path, { method, body: init.body, headers: init.headers, signal: AbortSignal.timeout(15_000) });
    const contentType = response.headers.get('content-type') ?? '';
    // A stream that opened would never end: its status is all we need.
    const text = contentType.includes('text/event-stream') ? (void response.body?.cancel(), '') : await response.text();
    return { status: response.status, contentType, text };
  };
  const describe = (method: Method, path: string, label = '') =>
    `${method} ${path.length > 120 ? `${path.slice(0, 120)}…` : path}${label ? ` [${label}]` : ''}`;

  /** A 4xx (one of `statuses` when given) with a JSON error that says something. */
  const rejected = (what: string, answer: Answer, statuses?: number[]) => {
    const problems: string[] = [];
    if (answer.status < 400 || answer.status > 499) problems.push(`status ${answer.status}`);
    else if (statuses && !statuses.includes(answer.status)) problems.push(`status ${answer.status}, expected ${statuses.join(' or ')}`);
    problems.push(...errorBodyProblems(answer));
    if (problems.length) failures.push({ request: what, problem: problems.join('; '), body: answer.text.slice(0, 160) });
  };
  /** Junk that may be legal (ignored parameters): anything but a 5xx, and an error is still JSON. */
  const survived = (what: string, answer: Answer) => {
    if (answer.status >= 500) failures.push({ request: what, problem: `status ${answer.status}`, body: answer.text.slice(0, 160) });
    else if (answer.status >= 400) {
      const problems = errorBodyProblems(answer);
      if (problems.length) failures.push({ request: what, problem: problems.join('; '), body: answer.text.slice(0, 160) });
    }
  };

  try {
    await waitForSample(app.url);
    const configBefore = await direct.call('CONFIG', 'GET', 'active*');
    const keysBefore = await direct.dbsize();
    // One real baseline, so the baseline item and compare routes get past their id check.
    const created = await call('POST', '/api/targets/default/baselines', { body: JSON.stringify({ name: 'fuzz anchor' }), headers: { ...AUTH, ...JSON_TYPE } });
    expect(created.status).toBe(201);
    const baselineId = (JSON.parse(created.text) as { id: string }).id;

    // 1. Every id in every id-bearing route.
    const wellFormedWindow = JSON.stringify({ runNowMinutes: 5, preset: 'no-such-preset' });
    for (const id of PATH_IDS) {
      const idRoutes: [Method, string, number[], string?][] = [
        ...['snapshot', 'stream', 'decision', 'history', 'runs', 'lab', 'config', 'windows', 'baselines'].map(
          (r) => ['GET', `/api/targets/${id}/${r}`, [404]] as [Method, string, number[]],
        ),
        ['POST', `/api/targets/${id}/config`, [404], JSON.stringify({ changes: { 'active-defrag-cycle-max': '0' } })],
        ['POST', `/api/targets/${id}/baselines`, [404], JSON.stringify({ name: 'x' })],
        ['POST', `/api/targets/${id}/windows`, [404], wellFormedWindow],
        ['DELETE', `/api/targets/${id}/windows?id=w-000000000000`, [404]],
        ['POST', `/api/targets/${id}/lab`, [403], JSON.stringify({ action: 'churn-stop' })],
        ['GET', `/api/targets/${id}/baselines/${baselineId}`, [404]],
        ['DELETE', `/api/targets/${id}/baselines/${baselineId}`, [404]],
        ['GET', `/api/targets/${id}/baselines/${baselineId}/compare`, [404]],
        ['GET', `/api/targets/default/baselines/${id}`, [404]],
        ['DELETE', `/api/targets/default/baselines/${id}`, [404]],
        ['GET', `/api/targets/default/baselines/${id}/compare?to=now`, [404]],
        ['POST', `/api/audit/${id}/revert`, [404]],
        ['POST', `/api/clusters/${id}/config`, [404], JSON.stringify({ changes: { 'active-defrag-cycle-max': '0' } })],
      ];
      for (const [method, path, statuses, body] of idRoutes) {
        rejected(describe(method, path), await call(method, path, { body, headers: { ...AUTH, ...(body ? JSON_TYPE : {}) } }), statuses);
      }
    }
    for (const id of UNDECODABLE_IDS) {
      for (const path of [`/api/targets/${id}/snapshot`, `/api/targets/${id}/config`, `/api/audit/${id}/revert`, `/api/targets/default/baselines/${id}`]) {
        const method = path.endsWith('revert') ? 'POST' : 'GET';
        rejected(describe(method, path, 'undecodable'), await call(method, path, { headers: AUTH }), [400]);
      }
    }
    for (const id of [...PATH_IDS, ...UNDECODABLE_IDS]) {
      // The same ids where they travel in a query or a body (decoded first where they can be).
      let decoded: string;
      try {
        decoded = decodeURIComponent(id);
      } catch {
        decoded = id;
      }
      const q = encodeURIComponent(decoded);
      rejected(describe('GET', `/api/audit?target=${q}`), await call('GET', `/api/audit?target=${q}`), [404]);
      rejected(describe('GET', `/api/alerts?target=${q}`), await call('GET', `/api/alerts?target=${q}`), [404]);
      rejected(
        describe('DELETE', `/api/targets/default/windows?id=${q}`),
        await call('DELETE', `/api/targets/default/windows?id=${q}`, { headers: AUTH }),
        [404],
      );
      rejected(
        describe('GET', `/api/targets/default/baselines/${baselineId}/compare?to=${q}`),
        await call('GET', `/api/targets/default/baselines/${baselineId}/compare?to=${q}`),
        [400, 404],
      );
      const whatIf = JSON.stringify({ targetId: decoded, config: {} });
      rejected(
        describe('POST', '/api/decision/what-if', `targetId ${id.slice(0, 20)}`),
        await call('POST', '/api/decision/what-if', { body: whatIf, headers: JSON_TYPE }),
        [404, 422],
      );
    }

    // 2. Malformed bodies on every route that reads one (the token is valid, so validation is reached).
    const inHalfADay = new Date(Date.now() + 12 * 3600_000);
    const hhmm = `${String(inHalfADay.getUTCHours()).padStart(2, '0')}:${String(inHalfADay.getUTCMinutes()).padStart(2, '0')}`;
    const bodyRoutes: BodyRoute[] = [
      {
        name: 'what-if',
        method: 'POST',
        path: '/api/decision/what-if',
        base: { targetId: 'default', config: { 'active-defrag-threshold-lower': 5 } },
        fields: { targetId: 'string', config: 'object' },
      },
      // '0' is below active-defrag-cycle-max's minimum: even a body the schema lets through changes nothing.
      {
        name: 'config',
        method: 'POST',
        path: '/api/targets/default/config',
        base: { changes: { 'active-defrag-cycle-max': '0' }, rewrite: false },
        fields: { changes: 'record' },
      },
      { name: 'baseline', method: 'POST', path: '/api/targets/default/baselines', base: { name: 'before', note: 'n' }, fields: { name: 'string' } },
      // An unknown preset: never a window that could start and change Redis.
      {
        name: 'window',
        method: 'POST',
        path: '/api/targets/default/windows',
        base: { kind: 'daily', time: hhmm, durationMinutes: 30, timeZone: 'UTC', preset: 'no-such-preset' },
        fields: { kind: 'string', time: 'string', durationMinutes: 'number', timeZone: 'string' },
      },
      {
        name: 'run now',
        method: 'POST',
        path: '/api/targets/default/windows',
        base: { runNowMinutes: 5, preset: 'no-such-preset' },
        fields: { runNowMinutes: 'number', preset: 'string' },
      },
      { name: 'sign-in', method: 'POST', path: '/api/session', base: { token: 'not-the-admin-token-0000' }, fields: { token: 'string' } },
      {
        name: 'cluster config',
        method: 'POST',
        path: '/api/clusters/nope/config',
        base: { changes: { 'active-defrag-cycle-max': '0' } },
        fields: { changes: 'record' },
        always: 404,
      },
      { name: 'lab', method: 'POST', path: '/api/targets/default/lab', base: { action: 'churn-stop' }, fields: { action: 'string' }, always: 403 },
    ];
    for (const route of bodyRoutes) {
      for (const { label, body, expect: status } of malformedBodies(route, random)) {
        const answer = await call(route.method, route.path, { body, headers: { ...AUTH, ...JSON_TYPE } });
        rejected(describe(route.method, route.path, `${route.name}: ${label}`), answer, status ? [status] : undefined);
      }
    }

    // 3. Query parameters that cannot mean anything.
    const badQueries: [string, number[]][] = [
      ...[
        'from=abc',
        'from=-1',
        'from=1e400',
        'to=-5',
        'from=20&to=10',
        'points=9',
        'points=5001',
        'points=abc',
        'points=1.5',
        'series=nope',
        `series=${'a,'.repeat(1200)}`,
        'from=%00',
        'to=9'.concat('9'.repeat(30)),
      ].flatMap(
        (query) =>
          [
            [`/api/targets/default/history?${query}`, [422]],
            [`/api/targets/default/runs?${query}`, [422]],
          ] as [string, number[]][],
      ),
      ...['limit=0', 'limit=5001', 'limit=abc', 'limit=1.5', 'limit=-1', 'limit=', 'limit=%ZZ'].map(
        (query) => [`/api/audit?${query}`, [400]] as [string, number[]],
      ),
      [`/api/targets/default/baselines/${baselineId}/compare?format=pdf`, [400]],
      [`/api/targets/default/baselines/${baselineId}/compare?to=run:abc`, [400]],
      [`/api/targets/default/baselines/${baselineId}/compare?to=run:1`, [400]],
      [`/api/targets/default/baselines/${baselineId}/compare?to=run:1000000000000`, [404]],
      [`/api/targets/default/baselines/${baselineId}/compare?to=b-zzz-00000000`, [404]],
      [`/api/targets/default/baselines/${baselineId}/compare?to=`, [400]],
    ];
    for (const [path, statuses] of badQueries) rejected(describe('GET', path), await call('GET', path), statuses);
    // Random query junk on every GET route that takes no such parameter: ignored is fine, a 5xx is not.
    const { junk } = makeJunk(random);
    const getRoutes = [
      '/api/health',
      '/api/targets',
      '/api/fleet',
      '/api/metrics',
      '/api/alerts',
      '/api/clusters',
      '/api/session',
      '/api/audit',
      '/api/targets/default/snapshot',
      '/api/targets/default/decision',
      '/api/targets/default/config',
      '/api/targets/default/windows',
      '/api/targets/default/baselines',
      '/api/targets/default/lab',
      `/api/targets/default/baselines/${baselineId}`,
    ];
    for (const route of getRoutes) {
      for (let i = 0; i < 3; i++) {
        const params = new URLSearchParams({
          [String(junk(0))]: JSON.stringify(junk(2)),
          target: String(junk(0)),
          limit: String(junk(0)),
          to: String(junk(0)),
        });
        const path = `${route}?${params}`;
        survived(describe('GET', path), await call('GET', path));
      }
    }

    // 4. Malformed credentials and origins on a write: refused before anything is read or written.
    const write = { body: JSON.stringify({ changes: { 'active-defrag-cycle-max': '0' } }) };
    const badHeaders: [string, Record<string, string>, number][] = [
      ['no token', {}, 401],
      ['empty bearer', { authorization: 'Bearer ' }, 401],
      ['basic auth', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }, 401],
      ['two tokens', { authorization: `Bearer ${TOKEN} ${TOKEN}` }, 401],
      ['10 KB token', { authorization: `Bearer ${'t'.repeat(10_000)}` }, 401],
      ['junk cookie', { cookie: 'fragscope_session=%E0%A4%A.1.x' }, 401],
      ['forged cookie', { cookie: `fragscope_session=admin.${Math.floor(Date.now() / 1000) + 3600}.AAAA` }, 401],
      ['null origin', { ...AUTH, origin: 'null' }, 403],
      ['unparsable origin', { ...AUTH, origin: 'http://[' }, 403],
      ['cross-site fetch', { ...AUTH, 'sec-fetch-site': 'cross-site' }, 403],
    ];
    for (const [label, headers, status] of badHeaders) {
      rejected(
        describe('POST', '/api/targets/default/config', label),
        await call('POST', '/api/targets/default/config', { ...write, headers: { ...headers, ...JSON_TYPE } }),
        [status],
      );
      rejected(describe('POST', '/api/audit/lz000000a-00000000/revert', label), await call('POST', '/api/audit/lz000000a-00000000/revert', { headers }), [
        status === 403 ? 403 : 401,
      ]);
    }

    const elapsed = Date.now() - started;
    console.log(`[faults] malformed input: ${requests} requests in ${elapsed} ms (seed ${seed}), ${failures.length} not answered with a clear 4xx`);
    // Grouped by what went wrong, with a few of the requests for each.
    const groups = new Map<string, typeof failures>();
    for (const failure of failures) groups.set(failure.problem, [...(groups.get(failure.problem) ?? []), failure]);
    for (const [problem, group] of groups) {
      const examples = group
        .slice(0, 4)
        .map((f) => f.request)
        .join(' | ');
      console.log(`[faults]   ${group.length} × ${problem} (body ${JSON.stringify(group[0]!.body)}): ${examples}${group.length > 4 ? ' | …' : ''}`);
    }

    // Redis is exactly as it was, and the app is still healthy and quiet.
    expect(await direct.call('CONFIG', 'GET', 'active*')).toEqual(configBefore);
    expect(await direct.dbsize()).toBe(keysBefore);
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect(app.child.exitCode).toBeNull();
    const log = app.output();
    expect(log, 'a stack trace in the app log').not.toMatch(STACK_FRAME);
    expect(log).not.toMatch(/unexpected error|URIError|TypeError|Unhandled/);
    expect(
      failures.map((f) => `${f.request}: ${f.problem}`),
      `seed ${seed}`,
    ).toEqual([]);
  } finally {
    await app.kill();
  }
});

function errorBodyProblems(answer: Answer): string[] {
  if (!answer.contentType.includes('application/json')) return [`content-type ${answer.contentType || 'none'}, not JSON`];
  try {
    const message = (JSON.parse(answer.text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message !== 'string' || message.trim().length < 8) return [`no clear error.message (${JSON.stringify(message)})`];
    if (message.length > 2000) return [`an error.message of ${message.length} characters`];
    return [];
  } catch {
    return ['a body that is not JSON'];
  }
}
