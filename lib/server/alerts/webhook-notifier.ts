import 'server-only';
import { setTimeout as delay } from 'node:timers/promises';
import type { WebhookPayload } from '@/lib/alerts/webhook-payload';
import { createSerialQueue } from '@/lib/serial-queue';
import type { WebhookTarget } from './webhook-url';
import { log } from '../core/log';

export interface Delivery {
  /** The Idempotency-Key header: identical on every retry of this delivery. */
  key: string;
  payload: WebhookPayload;
}

/** `aborted`: the notifier stopped first; the caller keeps the delivery to send after a restart. */
export type DeliveryOutcome = 'delivered' | 'failed' | 'aborted';

export interface NotifierOptions {
  target: WebhookTarget;
  /** Waits between attempts; attempts = length + 1. Default 1, 2, 4, 8 s: five attempts. */
  retryDelaysMs?: readonly number[];
  /** Per attempt, so one hung receiver cannot hold the queue forever. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  log?: (message: string) => void;
}

export const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 4000, 8000] as const;

type Attempt = { ok: true } | { ok: false; retry: boolean; reason: string };

/**
 * POSTs alert transitions one at a time, in the order given, so a receiver never sees a resolve
 * before its fire. Retries network errors, timeouts, 408, 429 and 5xx with exponential backoff;
 * any other answer is final. Never logs the URL beyond scheme and host.
 */
export class WebhookNotifier {
  private readonly queue = createSerialQueue();
  /** Stopping: no new attempt starts and no retry waits. */
  private readonly stopping = new AbortController();
  /** After the grace period: the request in flight is abandoned too. */
  private readonly cancel = new AbortController();
  private readonly retryDelaysMs: readonly number[];
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly log: (message: string) => void;

  constructor(private readonly options: NotifierOptions) {
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal }));
    this.log = options.log ?? ((m) => log.info(m));
  }

  /** Queues a delivery behind every earlier one; resolves with how it ended. Never rejects. */
  send(delivery: Delivery): Promise<DeliveryOutcome> {
    return this.queue.run(() => this.deliver(delivery));
  }

  /** Resolves when everything queued so far has ended. */
  async idle(): Promise<void> {
    await this.queue.idle();
  }

  /**
   * Queued deliveries and retry waits end at once (`aborted`); a request in flight gets `graceMs`
   * to be answered, so one the receiver already took is recorded as delivered, not sent again.
   */
  async stop(graceMs = 2000): Promise<void> {
    this.stopping.abort();
    const timer = setTimeout(() => this.cancel.abort(), graceMs);
    try {
      await this.queue.idle();
    } finally {
      clearTimeout(timer);
    }
  }

  private async deliver(delivery: Delivery): Promise<DeliveryOutcome> {
    const what = `${delivery.payload.status} ${delivery.payload.target}/${delivery.payload.rule}`;
    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted) return 'aborted';
      const result = await this.attempt(delivery);
      if (result.ok) return 'delivered';
      if (this.stopping.signal.aborted) return 'aborted';
      const wait = this.retryDelaysMs[attempt - 1];
      if (!result.retry || wait === undefined) {
        this.log(`alert webhook ${this.options.target.display}: gave up on ${what} after ${attempt} attempt(s): ${result.reason}`);
        return 'failed';
      }
      this.log(`alert webhook ${this.options.target.display}: ${what} attempt ${attempt} failed (${result.reason}); retrying in ${wait} ms`);
      try {
        await this.sleep(wait, this.stopping.signal);
      } catch {
        return 'aborted';
      }
    }
  }

  private async attempt(delivery: Delivery): Promise<Attempt> {
    const { target } = this.options;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'fragscope-alerts',
      'idempotency-key': delivery.key,
    };
    if (target.authorization) headers.authorization = target.authorization;
    try {
      const response = await this.fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(delivery.payload),
        // A redirect would turn the POST into a GET (or carry the credentials elsewhere): report it instead.
        redirect: 'manual',
        signal: AbortSignal.any([this.cancel.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ok: true };
      const retry = response.status >= 500 || response.status === 408 || response.status === 429;
      return { ok: false, retry, reason: `HTTP ${response.status}` };
    } catch (error) {
      return { ok: false, retry: true, reason: describeFailure(error) };
    }
  }
}

/** undici says only "fetch failed"; the cause has the useful part (ECONNREFUSED, a timeout). */
function describeFailure(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  // A cause's message can quote the address; the code alone says enough and never holds the path or query.
  return cause?.code ?? (error instanceof Error ? error.name : 'network error');
}
