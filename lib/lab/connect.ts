import { Redis } from 'ioredis';

/**
 * One client per lab command. The lab is interactive: a wrong URL should fail in seconds with the
 * real reason, not retry forever, so reconnects and the offline queue are off.
 */
export async function connectLab(url: string): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    // Long pipelines (DEBUG POPULATE of millions of keys) must not be cut off by a command timeout.
    commandTimeout: undefined,
  });
  // ioredis emits 'error' on the client as well as rejecting the command; without a listener
  // Node would print an unhandled-error stack on top of our message.
  // It is also where the real cause arrives (ECONNREFUSED...): with retries off, connect() itself
  // only rejects with "Connection is closed".
  let cause: Error | undefined;
  client.on('error', (error: Error) => {
    cause ??= error;
  });
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to ${redactUrl(url)}: ${(cause ?? (error as Error)).message}`);
  }
  return client;
}

/** URLs may carry a password; never echo it. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
