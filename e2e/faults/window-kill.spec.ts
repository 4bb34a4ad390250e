import { readdirSync } from 'node:fs';
import { auditListSchema } from '../../lib/audit/api-schema';
import { startApp, type AppProcess } from '../../scripts/harness/app-process';
import { expect, POLL_MS, test, waitForSample } from '../support/fixtures';
import { faultSeed, seededRandom, sleep } from './fault-support';

/**
 * Fault suite: the app is killed with SIGKILL while operators create and delete maintenance
 * windows, three rounds on one data dir. Window changes are audited intent first, so after each
 * restart no window exists (or is gone) without an audit entry saying so, every acknowledged
 * change is there as applied, and no temp file of an interrupted write is left behind.
 */

const TOKEN = 'fault-suite-admin-token-0123456789';
const BEARER = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };
const ROUNDS = 5;
const CONCURRENCY = 3;

interface Op {
  kind: 'create' | 'delete';
  windowId: string | null;
  status: number | null;
}

test('kill -9 during window creates and deletes: no window change without an audit entry, nothing acknowledged lost', async ({ redis, request }) => {
  test.setTimeout(120_000);
  const random = seededRandom(faultSeed(15));
  const env = { REDIS_URL: redis.url, FRAGSCOPE_ADMIN_TOKEN: TOKEN, FRAGSCOPE_POLL_MS: String(POLL_MS) };
  let dataDir: string | undefined;
  let day = 10; // each window on a day of its own, far ahead: no overlaps, never due
  const ops: Op[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const app: AppProcess = await startApp(dataDir ? { ...env, FRAGSCOPE_DATA_DIR: dataDir } : env);
    dataDir = app.dataDir;
    await waitForSample(app.url);
    const url = `${app.url}/api/targets/default/windows`;
    const live = ((await (await request.get(url)).json()) as { windows: { id: string }[] }).windows.map((w) => w.id);
    const killAfter = 15 + Math.floor(random() * 15);
    const killDelay = Math.floor(random() * 8);
    let acknowledged = 0;
    let killing: Promise<void> | null = null;
    const worker = async () => {
      while (!killing) {
        const deleting = live.length > 2 && random() < 0.4;
        const op: Op = { kind: deleting ? 'delete' : 'create', windowId: null, status: null };
        ops.push(op);
        try {
          let response: Response;
          if (deleting) {
            op.windowId = live.splice(Math.floor(random() * live.length), 1)[0]!;
            response = await fetch(`${url}?id=${op.windowId}`, { method: 'DELETE', headers: BEARER });
          } else {
            const start = Date.now() + day++ * 24 * 3600_000;
            const body = { kind: 'once', start: new Date(start).toISOString(), end: new Date(start + 3600_000).toISOString(), preset: 'low-latency' };
            response = await fetch(url, { method: 'POST', headers: BEARER, body: JSON.stringify(body) });
          }
          // Acknowledged only once the whole answer arrived: a kill between the headers and the body
          // (fetch resolves on the headers) leaves a create whose id the client never learned.
          const json = (await response.json()) as { window?: { id: string } };
          op.status = response.status;
          if (op.kind === 'create' && json.window) {
            op.windowId = json.window.id;
            live.push(json.window.id);
          }
          // A few ms after an answer: the other workers' changes are then somewhere between persisting and auditing.
          if (response.ok && ++acknowledged >= killAfter && !killing) killing = sleep(killDelay).then(() => app.kill());
        } catch {
          // the app died under this request
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await killing;
    expect(app.child.signalCode).toBe('SIGKILL');
  }

  // The last restart: the state every kill left behind.
  const app = await startApp({ ...env, FRAGSCOPE_DATA_DIR: dataDir! });
  try {
    await waitForSample(app.url);
    const windows = ((await (await request.get(`${app.url}/api/targets/default/windows`)).json()) as { windows: { id: string }[] }).windows.map((w) => w.id);
    const audit = auditListSchema.parse(await (await request.get(`${app.url}/api/audit?limit=5000`)).json());
    const entriesOf = (id: string, action: string) => audit.entries.filter((e) => e.windowId === id && e.action === action);
    const acked = ops.filter((o) => o.status !== null && o.status >= 200 && o.status < 300);
    const refused = ops.filter((o) => o.status !== null && (o.status < 200 || o.status >= 300));
    const unknown = audit.entries.filter((e) => e.result === 'unknown');
    console.log(
      `[faults] window kill -9 x${ROUNDS}: ${ops.length} window changes sent, ${acked.length} acknowledged, ${refused.length} refused; ` +
        `after restart ${windows.length} windows, ${audit.entries.length} audit entries (${unknown.length} unknown: cut off by a kill), ${audit.unreadableLines} unreadable lines`,
    );
    expect(refused.map((o) => `${o.kind} ${o.status}`)).toEqual([]);
    // Every window that exists was audited (applied, or unknown when the kill came before the answer).
    for (const id of windows) expect(entriesOf(id, 'window-created').length, `window ${id} has no audit entry`).toBeGreaterThan(0);
    // Every window that was audited as created and is gone was audited as deleted.
    const created = new Set(audit.entries.filter((e) => e.action === 'window-created').map((e) => e.windowId!));
    for (const id of created) {
      if (windows.includes(id)) continue;
      const wasCreated = entriesOf(id, 'window-created').some((e) => e.result === 'applied');
      if (wasCreated) expect(entriesOf(id, 'window-deleted').length, `window ${id} vanished without an audit entry`).toBeGreaterThan(0);
    }
    // Every acknowledged change is in the log as applied, and holds. (A delete cut off by a kill may
    // have left the window in place: the next round deletes it again, so one id can have two entries.)
    for (const op of acked) {
      const action = op.kind === 'create' ? 'window-created' : 'window-deleted';
      expect(
        entriesOf(op.windowId!, action).map((e) => e.result),
        `${op.kind} ${op.windowId} answered ${op.status}`,
      ).toContain('applied');
      if (op.kind === 'delete') expect(windows).not.toContain(op.windowId);
    }
    expect(audit.unreadableLines).toBeLessThanOrEqual(ROUNDS);
    // Temp files of writes a kill interrupted are removed at start.
    const deadline = Date.now() + 5000;
    while (readdirSync(dataDir!).some((n) => n.endsWith('.tmp')) && Date.now() < deadline) await sleep(100);
    expect(readdirSync(dataDir!).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  } finally {
    await app.kill();
  }
});
