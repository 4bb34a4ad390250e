import { snapshotSchema, type Snapshot } from '../../lib/snapshot';
import { openStream } from '../support/sse-client';

/** Helpers shared by the fault specs: timed snapshot recording, health watching, a seeded PRNG (RSS: scripts/harness/procfs.ts). */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Received {
  /** When this test process received the event (Date.now()). */
  receivedAt: number;
  snapshot: Snapshot;
}

/** Keeps one SSE stream open and records every snapshot with its arrival time. */
export async function recordSnapshots(appUrl: string, targetId = 'default') {
  const received: Received[] = [];
  const stream = await openStream(`${appUrl}/api/targets/${targetId}/stream`, (e) => {
    if (e.event === 'snapshot') received.push({ receivedAt: Date.now(), snapshot: snapshotSchema.parse(JSON.parse(e.data)) });
  });
  return {
    received,
    close: () => stream.close(),
    /** Resolves with the first snapshot received at or after `since` that satisfies `match`. */
    async waitFor(match: (s: Snapshot) => boolean, since: number, timeoutMs: number, what: string): Promise<Received> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find((r) => r.receivedAt >= since && match(r.snapshot));
        if (found) return found;
        if (Date.now() > deadline) {
          const tail = received.slice(-5).map((r) => `${r.snapshot.ok ? 'ok' : r.snapshot.derived.connection}:${r.snapshot.error ?? ''}`);
          throw new Error(`no ${what} snapshot within ${timeoutMs} ms; the last ones: ${JSON.stringify(tail)}`);
        }
        await sleep(10);
      }
    },
  };
}

export interface HealthTarget {
  id: string;
  connected: boolean;
  lastSampleAt: number | null;
  lastOkAt: number | null;
  viewers: number;
  polls: number;
  maxPollsInFlight: number;
}

export async function health(appUrl: string): Promise<{ status: number; targets: HealthTarget[] }> {
  const response = await fetch(`${appUrl}/api/health`);
  const body = (await response.json()) as { targets: HealthTarget[] };
  return { status: response.status, targets: body.targets };
}

/** Asks /api/health every `everyMs` until stopped, and keeps every answer that was not a 200. */
export function watchHealth(appUrl: string, everyMs = 100) {
  const failures: string[] = [];
  let checks = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const response = await fetch(`${appUrl}/api/health`, { signal: AbortSignal.timeout(3000) });
        if (response.status !== 200) failures.push(`${new Date().toISOString()} status ${response.status}`);
        await response.arrayBuffer();
      } catch (error) {
        failures.push(`${new Date().toISOString()} ${(error as Error).message}`);
      }
      checks++;
      await sleep(everyMs);
    }
  })();
  return {
    failures,
    get checks() {
      return checks;
    },
    async stop() {
      running = false;
      await loop;
    },
  };
}

/** A Node stack frame as printed by an uncaught error or console.error(error). */
export const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)/m;

/** mulberry32: a tiny deterministic PRNG, so a failing fuzz or kill point can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed for this run: FRAGSCOPE_FAULT_SEED if given (to replay a failure), else the default. */
export function faultSeed(fallback: number): number {
  const raw = process.env.FRAGSCOPE_FAULT_SEED;
  return raw && /^\d+$/.test(raw) ? Number(raw) : fallback;
}

export const MiB = 1024 * 1024;
