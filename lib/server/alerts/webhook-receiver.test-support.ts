import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Test helper: a real HTTP webhook receiver on a free loopback port. Not imported by the app. */

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The status this request was answered with. */
  status: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every request, in arrival order (retries included). */
  requests: ReceivedHook[];
  /** Requests answered 2xx: what a deduplicating receiver would act on, keyed once. */
  accepted(): ReceivedHook[];
  /** Resolves when `count` requests have been answered 2xx. */
  waitForAccepted(count: number, timeoutMs?: number): Promise<ReceivedHook[]>;
  close(): Promise<void>;
}

/** `statuses` answers the first requests in turn (e.g. [503] fails the very first); then 204. */
export async function startWebhookReceiver(statuses: number[] = []): Promise<WebhookReceiver> {
  const requests: ReceivedHook[] = [];
  const queue = [...statuses];
  const waiters: Array<() => void> = [];
  const accepted = () => requests.filter((r) => r.status < 300);
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const status = queue.shift() ?? 204;
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // Recorded as text: the assertion will show it.
      }
      requests.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/fragscope?token=secret-token`,
    requests,
    accepted,
    async waitForAccepted(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (accepted().length < count) {
        if (Date.now() > deadline)
          throw new Error(`webhook: ${accepted().length} of ${count} accepted in ${timeoutMs} ms: ${JSON.stringify(requests.map((r) => r.body))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return accepted();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
