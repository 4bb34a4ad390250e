import http from 'node:http';
import { createSseParser } from '../../lib/sse/parse';
import { wallNow } from './stats';

/** One `snapshot` event as a viewer received it; the JSON is parsed after the window, not on receipt. */
export interface Receipt {
  viewer: number;
  /** Wall clock (ms, sub-ms precision) when the bench's event loop got the event. */
  receivedAt: number;
  data: string;
}

export interface ParsedReceipt {
  viewer: number;
  receivedAt: number;
  seq: number;
  ok: boolean;
  at: number;
  pollRttMs: number | null;
}

/**
 * N SSE viewers of one target (`/api/targets/{id}/stream`), like N open dashboards. Viewer 0 is the
 * "leader": the bench waits on its snapshots to start and end windows right after a poll, so a
 * window holds whole polls only.
 *
 * The streams are read with node:http, not fetch (e2e/support/sse-client.ts): with 500 streams,
 * fetch's web streams cost the bench ~0.1 ms per event, which showed up as ~50 ms of "fan-out
 * delay" that was the bench's own. The receipt time is taken when a chunk arrives, before parsing.
 */
export class ViewerPool {
  private readonly streams: { close(): void }[] = [];
  private recording: Receipt[] | null = null;
  private leaderSnapshots = 0;
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly streamUrl: string) {}

  get size(): number {
    return this.streams.length;
  }

  /** Opens viewers until there are `total`, `batch` connections at a time. */
  async openUpTo(total: number, batch = 50): Promise<void> {
    while (this.streams.length < total) {
      const n = Math.min(batch, total - this.streams.length);
      const first = this.streams.length;
      const opened = await Promise.all(Array.from({ length: n }, (_, i) => this.openOne(first + i)));
      this.streams.push(...opened);
    }
  }

  private readonly agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

  private openOne(viewer: number): Promise<{ close(): void }> {
    return new Promise((resolve, reject) => {
      const request = http.get(this.streamUrl, { agent: this.agent, headers: { Accept: 'text/event-stream' } }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          reject(new Error(`stream ${this.streamUrl}: HTTP ${response.statusCode}`));
          return;
        }
        response.setEncoding('utf8');
        const parser = createSseParser();
        response.on('data', (chunk: string) => {
          const receivedAt = wallNow();
          for (const event of parser.push(chunk)) {
            if (event.event !== 'snapshot') continue;
            this.recording?.push({ viewer, receivedAt, data: event.data });
            if (viewer === 0) this.leaderGot();
          }
        });
        response.on('error', () => undefined);
        resolve({ close: () => request.destroy() });
      });
      request.on('error', (error) => reject(error));
    });
  }

  private leaderGot(): void {
    this.leaderSnapshots++;
    this.waiters = this.waiters.filter((w) => (this.leaderSnapshots >= w.count ? (w.resolve(), false) : true));
  }

  /** Resolves when the leader has received `n` more snapshots (rejects after `timeoutMs`). */
  nextSnapshots(n: number, timeoutMs = n * 1000 + 15_000): Promise<void> {
    const count = this.leaderSnapshots + n;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the leader viewer got no ${n} snapshots in ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  startRecording(): void {
    this.recording = [];
  }

  stopRecording(): ParsedReceipt[] {
    const raw = this.recording ?? [];
    this.recording = null;
    return raw.map(({ viewer, receivedAt, data }) => {
      const s = JSON.parse(data) as { seq: number; ok: boolean; at: number; derived: { pollRttMs: number | null } };
      return { viewer, receivedAt, seq: s.seq, ok: s.ok, at: s.at, pollRttMs: s.derived.pollRttMs };
    });
  }

  closeAll(): void {
    for (const stream of this.streams.splice(0)) stream.close();
    this.agent.destroy();
  }
}

/** `viewers` of every target from /api/health, summed. */
export async function healthViewers(appUrl: string): Promise<number> {
  const health = (await (await fetch(`${appUrl}/api/health`)).json()) as { targets: { viewers: number }[] };
  return health.targets.reduce((a, t) => a + t.viewers, 0);
}

/** Waits until /api/health counts `n` viewers (the server has subscribed them all). */
export async function waitForViewers(appUrl: string, n: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (Date.now() < deadline) {
    seen = await healthViewers(appUrl);
    if (seen === n) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${n} viewers in /api/health, saw ${seen}`);
}

/** Polls counter of one target from /api/health. */
export async function healthPolls(appUrl: string, targetId = 'default'): Promise<number> {
  const health = (await (await fetch(`${appUrl}/api/health`)).json()) as { targets: { id: string; polls: number }[] };
  const target = health.targets.find((t) => t.id === targetId);
  if (!target) throw new Error(`no target ${targetId} in /api/health`);
  return target.polls;
}
