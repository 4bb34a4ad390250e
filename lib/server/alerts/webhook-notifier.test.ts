import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@/scripts/harness/free-port';
import type { WebhookPayload } from '@/lib/alerts/webhook-payload';
import { WebhookNotifier, type Delivery } from './webhook-notifier';
import { startWebhookReceiver } from './webhook-receiver.test-support';
import { parseWebhookUrl } from './webhook-url';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const payload = (status: WebhookPayload['status']): WebhookPayload => ({
  status,
  rule: 'target-down',
  target: 'cache-1',
  severity: 'critical',
  since: '2026-01-02T03:04:05.000Z',
  at: '2026-01-02T03:04:35.000Z',
  value: 30,
  message: 'no good sample for 30 s',
});
const delivery = (status: WebhookPayload['status']): Delivery => ({ key: `cache-1:target-down:1767323045000:${status}`, payload: payload(status) });

function notifierFor(url: string, options: { timeoutMs?: number; realSleep?: boolean } = {}) {
  const parsed = parseWebhookUrl(url);
  if (!parsed.ok || !parsed.target) throw new Error('bad url');
  const waits: number[] = [];
  const logs: string[] = [];
  const notifier = new WebhookNotifier({
    target: parsed.target,
    // The real backoff (1, 2, 4, 8 s) is asserted through the waits asked for; the test does not sleep.
    sleep: options.realSleep
      ? undefined
      : async (ms, signal) => {
          waits.push(ms);
          if (signal.aborted) throw signal.reason;
        },
    retryDelaysMs: options.realSleep ? [60_000] : undefined,
    timeoutMs: options.timeoutMs,
    log: (m) => logs.push(m),
  });
  cleanups.push(() => notifier.stop());
  return { notifier, waits, logs };
}

async function receiver(statuses: number[] = []) {
  const r = await startWebhookReceiver(statuses);
  cleanups.push(() => r.close());
  return r;
}

describe('WebhookNotifier against a real HTTP receiver', () => {
  it('retries a 503 with the same Idempotency-Key and JSON body; logs never show the path or query', async () => {
    const hook = await receiver([503]);
    const { notifier, waits, logs } = notifierFor(hook.url);
    expect(await notifier.send(delivery('firing'))).toBe('delivered');
    expect(hook.requests.map((r) => r.status)).toEqual([503, 204]);
    for (const r of hook.requests) {
      expect(r.headers['idempotency-key']).toBe('cache-1:target-down:1767323045000:firing');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.body).toEqual(payload('firing'));
    }
    expect(waits).toEqual([1000]);
    expect(logs).toEqual([
      expect.stringMatching(/^alert webhook http:\/\/127\.0\.0\.1:\d+: firing cache-1\/target-down attempt 1 failed \(HTTP 503\); retrying in 1000 ms$/),
    ]);
    expect(logs.join()).not.toMatch(/secret-token|hooks\/fragscope/);
  });

  it('gives up after five attempts (1, 2, 4, 8 s apart) on persistent 5xx', async () => {
    const hook = await receiver([500, 502, 503, 504, 500]);
    const { notifier, waits, logs } = notifierFor(hook.url);
    expect(await notifier.send(delivery('firing'))).toBe('failed');
    expect(hook.requests).toHaveLength(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);
    expect(logs.at(-1)).toMatch(/gave up on firing cache-1\/target-down after 5 attempt\(s\): HTTP 500$/);
  });

  it('a 4xx other than 408/429 is final; 429 is retried', async () => {
    const hook = await receiver([400]);
    const { notifier } = notifierFor(hook.url);
    expect(await notifier.send(delivery('firing'))).toBe('failed');
    expect(hook.requests).toHaveLength(1);

    const limited = await receiver([429]);
    const second = notifierFor(limited.url);
    expect(await second.notifier.send(delivery('firing'))).toBe('delivered');
    expect(limited.requests.map((r) => r.status)).toEqual([429, 204]);
  });

  it('retries network errors (nothing listening), naming only the error code', async () => {
    const port = await freePort();
    const { notifier, waits, logs } = notifierFor(`http://127.0.0.1:${port}/x?token=secret-token`);
    expect(await notifier.send(delivery('firing'))).toBe('failed');
    expect(waits).toHaveLength(4);
    expect(logs.at(-1)).toMatch(/after 5 attempt\(s\): ECONNREFUSED$/);
    expect(logs.join()).not.toContain('secret-token');
  });

  it('a receiver that never answers times out and is retried', async () => {
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const { port } = server.address() as AddressInfo;
    const { notifier, logs } = notifierFor(`http://127.0.0.1:${port}/`, { timeoutMs: 100 });
    expect(await notifier.send(delivery('firing'))).toBe('failed');
    expect(logs[0]).toMatch(/attempt 1 failed \(timed out\)/);
  });

  it('delivers in order: a resolve waits for its fire\u2019s retries', async () => {
    const hook = await receiver([503]);
    const { notifier } = notifierFor(hook.url);
    const fire = notifier.send(delivery('firing'));
    const resolve = notifier.send(delivery('resolved'));
    expect(await Promise.all([fire, resolve])).toEqual(['delivered', 'delivered']);
    expect(hook.requests.map((r) => `${(r.body as WebhookPayload).status}:${r.status}`)).toEqual(['firing:503', 'firing:204', 'resolved:204']);
  });

  it('stop() lets a request in flight finish (delivered, not sent again), within a grace period', async () => {
    const answerAfter = async (ms: number) => {
      const server = http.createServer((_req, res) => void setTimeout(() => res.writeHead(204).end(), ms));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    };
    const slow = notifierFor(await answerAfter(150)).notifier;
    const sent = slow.send(delivery('firing'));
    const queued = slow.send(delivery('resolved'));
    await new Promise((r) => setTimeout(r, 50));
    await slow.stop();
    expect(await Promise.all([sent, queued])).toEqual(['delivered', 'aborted']);

    const hung = notifierFor(await answerAfter(60_000)).notifier;
    const stuck = hung.send(delivery('firing'));
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await hung.stop(100);
    expect(await stuck).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('sends URL credentials as a Basic Authorization header', async () => {
    const hook = await receiver();
    const { notifier } = notifierFor(hook.url.replace('http://', 'http://ops:s3cret@'));
    expect(await notifier.send(delivery('firing'))).toBe('delivered');
    expect(hook.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('ops:s3cret').toString('base64')}`);
  });

  it('stop() aborts a delivery waiting to retry, and everything queued behind it', async () => {
    const hook = await receiver([503]);
    const { notifier } = notifierFor(hook.url, { realSleep: true });
    const fire = notifier.send(delivery('firing'));
    const resolve = notifier.send(delivery('resolved'));
    while (hook.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await notifier.stop();
    expect(await Promise.all([fire, resolve])).toEqual(['aborted', 'aborted']);
    expect(hook.requests).toHaveLength(1);
  });
});
