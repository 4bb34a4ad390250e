import Redis from 'ioredis';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisProcess } from '@/scripts/harness/redis-process';
import { RedisDocument } from './redis-document';
import { FencedOutError } from './record-log';
import { RedisRecordLog } from './redis-record-log';

/** The replicas' shared stores on a real state Redis: no lost updates, no duplicates, no torn records. */
describe('state Redis stores', () => {
  let server: RedisProcess;
  const clients: Redis[] = [];
  const client = () => {
    const c = new Redis(server.url);
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.kill();
  });

  it('a fenced write lands only while the lease holds its token (the lease key is WATCHed with the document)', async () => {
    const admin = client();
    const doc = new RedisDocument(client(), 'fenced-doc');
    await admin.set('lease:t', 'replica-a:1');
    await doc.update(() => 'first', { key: 'lease:t', token: 'replica-a:1' });
    expect(await doc.read()).toBe('first');
    // Another replica took the lease: the old holder's write is refused and changes nothing.
    await admin.set('lease:t', 'replica-b:2');
    await expect(doc.update(() => 'stale', { key: 'lease:t', token: 'replica-a:1' })).rejects.toBeInstanceOf(FencedOutError);
    expect(await doc.read()).toBe('first');
  });

  it('two writers updating one document concurrently lose nothing (WATCH/MULTI retries)', async () => {
    const a = new RedisDocument(client(), 'doc');
    const b = new RedisDocument(client(), 'doc');
    const add = (doc: RedisDocument, item: string) => doc.update((current) => JSON.stringify([...(current ? (JSON.parse(current) as string[]) : []), item]));
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(i % 2 ? a : b, `item-${i}`)));
    const items = JSON.parse((await a.read())!) as string[];
    expect(items.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `item-${i}`).sort());
  });

  it('a record log shared by two replicas lists every record once, in order, and skips a bad one', async () => {
    const schema = z.object({ n: z.number() });
    const writer = new RedisRecordLog(client(), 'log', schema);
    const reader = new RedisRecordLog(client(), 'log', schema);
    for (let n = 0; n < 5; n++) {
      await writer.append({ n });
      await Promise.all([reader.readAll(), reader.readAll()]);
    }
    await clients[0]!.rpush('log', 'not json');
    await writer.append({ n: 5 });
    const { records, unreadableLines } = await reader.readAll();
    expect(records.map((r) => r.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(unreadableLines).toBe(1);
  });
});
