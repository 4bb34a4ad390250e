import { readFileSync } from 'node:fs';
import path from 'node:path';
import { auditEntrySchema, auditListSchema, type AuditEntry } from '../../lib/audit/api-schema';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { faultSeed, seededRandom, STACK_FRAME } from './fault-support';

/**
 * Fault suite 5: the app is killed with SIGKILL in the middle of 200 audited config changes.
 * After a restart on the same data dir, every change that was acknowledged (a 200 with its
 * auditId) is in the audit log as applied, at most one line (the torn last one, of a write nobody
 * was told about) is unreadable, and no listed entry is torn. Changes are audited intent first (a
 * record `unknown`, then the outcome under the same id): one the kill cut off is listed as
 * `unknown` with its exact before, never missing.
 */

const TOKEN = 'fault-suite-admin-token-0123456789';
const CHANGES = 200;
const CONCURRENCY = 4;
const PARAM = 'active-defrag-cycle-max';

interface Attempt {
  index: number;
  value: string;
  status: number | null;
  auditId: string | null;
  error: string | null;
}

/** 2..98, never the same twice in a row (Redis would answer "nothing to change"), and unique within 97. */
const valueFor = (index: number) => String(2 + (index % 97));

test('kill -9 during 200 audited config changes: every acknowledged change survives, nothing torn but the last line', async ({ redis, direct, request }) => {
  test.setTimeout(90_000);
  const seed = faultSeed(5);
  const random = seededRandom(seed);
  const killAfter = 90 + Math.floor(random() * 21); // 90..110 acknowledged
  const env = { REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN, FRAGSCOPE_POLL_MS: String(POLL_MS) };
  const first = await startApp(env);
  let second: AppProcess | null = null;
  try {
    await waitForSample(first.url);
    const attempts: Attempt[] = [];
    let next = 0;
    let acknowledged = 0;
    let killing: Promise<void> | null = null;
    const started = Date.now();
    const worker = async () => {
      while (next < CHANGES && !killing) {
        const attempt: Attempt = { index: next, value: valueFor(next), status: null, auditId: null, error: null };
        next++;
        attempts.push(attempt);
        try {
          const response = await fetch(`${first.url}/api/targets/default/config`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ changes: { [PARAM]: attempt.value } }),
          });
          // Answered only once the whole body arrived: fetch resolves on the headers, and a kill can come between.
          const body = (await response.json()) as { auditId?: string; error?: { message: string } };
          attempt.status = response.status;
          if (response.status === 200) {
            attempt.auditId = body.auditId ?? null;
            acknowledged++;
            if (acknowledged >= killAfter && !killing) killing = first.kill();
          } else {
            attempt.error = body.error?.message ?? null;
          }
        } catch (error) {
          attempt.error = (error as Error).message; // the app died under this request
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;
    const acked = attempts.filter((a) => a.status === 200);
    const unanswered = attempts.filter((a) => a.status === null);
    const refused = attempts.filter((a) => a.status !== null && a.status !== 200);
    console.log(
      `[faults] audit kill -9: ${attempts.length} sent in ${Date.now() - started} ms, ${acked.length} acknowledged, ` +
        `${unanswered.length} unanswered (in flight at the kill), ${refused.length} refused; kill after ${killAfter} acks (seed ${seed})`,
    );
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(refused.map((a) => `${a.status} ${a.error}`)).toEqual([]);
    expect(acked.length).toBeGreaterThanOrEqual(killAfter);
    expect(acked.length).toBeLessThan(CHANGES); // killed in the middle, not after the last one
    expect(acked.every((a) => a.auditId)).toBe(true);

    // The file itself: every complete line parses; only a last line without its newline may be torn.
    const file = path.join(first.dataDir, 'audit.jsonl');
    const text = readFileSync(file, 'utf8');
    const pieces = text.split('\n');
    const tail = pieces.pop()!; // '' when the file ends with a newline
    const complete = pieces.filter((line) => line.trim() !== '');
    const parsed: AuditEntry[] = complete.map((line, i) => {
      const result = auditEntrySchema.safeParse(JSON.parse(line));
      if (!result.success) throw new Error(`line ${i + 1} of audit.jsonl is not an audit entry: ${line.slice(0, 200)}`);
      return result.data;
    });
    const ackedIds = new Set(acked.map((a) => a.auditId!));
    const torn = tail.trim() !== '';
    if (torn) {
      // A torn line belongs to a write that was never acknowledged.
      for (const id of ackedIds) expect(tail).not.toContain(id);
    }
    console.log(
      `[faults] audit.jsonl: ${complete.length} complete lines, all parse; ` +
        (torn ? `a torn last line of ${tail.length} bytes (an unacknowledged write): ${JSON.stringify(tail.slice(0, 80))}` : 'no torn last line'),
    );

    // After a restart on the same data dir, the API lists every acknowledged change.
    second = await startApp({ ...env, FRAGSCOPE_DATA_DIR: first.dataDir });
    const listed = auditListSchema.parse(await (await request.get(`${second.url}/api/audit?limit=5000`)).json());
    const listedIds = new Set(listed.entries.map((e) => e.id));
    const missing = acked.filter((a) => !listedIds.has(a.auditId!));
    expect(missing, 'acknowledged changes missing from the audit log').toEqual([]);
    expect(listed.unreadableLines).toBe(torn ? 1 : 0);
    // One entry per id (its last record), in the order the entries began.
    const firstSeen = [...new Set(parsed.map((e) => e.id))];
    expect(listed.entries).toHaveLength(firstSeen.length);
    expect(listed.entries.map((e) => e.id)).toEqual(firstSeen.reverse());
    // No listed entry is torn: each is a whole config-set with its before, and its after unless the kill cut it off.
    const cutOff = listed.entries.filter((e) => e.result === 'unknown');
    for (const entry of listed.entries) {
      expect(entry).toMatchObject({ targetId: 'default', actor: 'admin', action: 'config-set' });
      expect(entry.requested[PARAM]).toMatch(/^\d+$/);
      expect(entry.before[PARAM]).toMatch(/^\d+$/);
      if (entry.result === 'unknown') {
        expect(entry.after).toBeNull();
        expect(ackedIds.has(entry.id), `acknowledged ${entry.id} is listed as unknown`).toBe(false);
      } else {
        expect(entry).toMatchObject({ result: 'applied', error: null });
        expect(entry.after?.[PARAM]).toBe(entry.requested[PARAM]);
      }
    }
    // At most one change per worker was in flight at the kill.
    expect(cutOff.length).toBeLessThanOrEqual(CONCURRENCY);
    console.log(`[faults] audit entries cut off by the kill, listed as unknown: ${cutOff.length}`);
    // Each acknowledged response and its entry agree on the value.
    for (const a of acked) expect(listed.entries.find((e) => e.id === a.auditId)!.requested[PARAM]).toBe(a.value);
    // Redis holds the newest applied value, or one of a change the kill cut off after its CONFIG SET.
    const current = ((await direct.call('CONFIG', 'GET', PARAM)) as string[])[1];
    const newestApplied = listed.entries.find((e) => e.result === 'applied')!;
    const explained = new Set([newestApplied.after![PARAM], ...unanswered.map((a) => a.value), ...cutOff.map((e) => e.requested[PARAM])]);
    expect(explained.has(current!), `Redis holds ${current}`).toBe(true);

    // The log goes on after the crash: a new change lands after the torn line without hiding anything.
    const more = await request.post(`${second.url}/api/targets/default/config`, {
      data: { changes: { [PARAM]: current === '50' ? '51' : '50' } },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(more.status()).toBe(200);
    const again = auditListSchema.parse(await (await request.get(`${second.url}/api/audit?limit=5000`)).json());
    expect(again.entries).toHaveLength(listed.entries.length + 1);
    expect(again.entries[0]!.id).toBe((await more.json()).auditId);
    expect(again.unreadableLines).toBe(listed.unreadableLines);
    expect(first.output()).not.toMatch(STACK_FRAME);
    expect(second.output()).not.toMatch(STACK_FRAME);
  } finally {
    await first.kill();
    await second?.kill();
  }
});
