import { describe, expect, it } from 'vitest';
import { createKeyedSerialQueue, createSerialQueue } from './serial-queue';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createSerialQueue', () => {
  it('runs tasks one at a time in the order given, even when a later one is quicker', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([queue.run(task('a', 30)), queue.run(task('b', 1)), queue.run(task('c', 10))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('a failing task rejects its own caller only; the tasks behind it still run, in order', async () => {
    const queue = createSerialQueue();
    const log: string[] = [];
    const first = queue.run(async () => {
      await sleep(5);
      log.push('first');
      throw new Error('boom');
    });
    const thrown = queue.run(() => {
      log.push('sync throw');
      throw new Error('sync');
    });
    const after = queue.run(() => {
      log.push('after');
      return 42;
    });
    await expect(first).rejects.toThrow('boom');
    await expect(thrown).rejects.toThrow('sync');
    await expect(after).resolves.toBe(42);
    expect(log).toEqual(['first', 'sync throw', 'after']);
  });

  it('idle() waits for everything queued so far and never rejects', async () => {
    const queue = createSerialQueue();
    await expect(queue.idle()).resolves.toBeUndefined();
    let done = false;
    void queue
      .run(async () => {
        await sleep(10);
        throw new Error('ignored here');
      })
      .catch(() => undefined);
    void queue.run(async () => {
      await sleep(5);
      done = true;
    });
    await expect(queue.idle()).resolves.toBeUndefined();
    expect(done).toBe(true);
  });
});

describe('createKeyedSerialQueue', () => {
  it('serialises per key, lets other keys run meanwhile, and forgets a key once its queue is empty', async () => {
    const queue = createKeyedSerialQueue<string>();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
    };
    const a1 = queue.run('a', task('a1', 30));
    const a2 = queue.run('a', task('a2', 1));
    const b1 = queue.run('b', task('b1', 5));
    expect(queue.size).toBe(2);
    await Promise.all([a1, a2, b1]);
    // b1 started while a1 was still running; a2 only after a1 ended.
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
    expect(log.indexOf('start a2')).toBeGreaterThan(log.indexOf('end a1'));
    await sleep(0);
    expect(queue.size).toBe(0);
  });

  it('a failing task does not block its key', async () => {
    const queue = createKeyedSerialQueue<string>();
    await expect(queue.run('t', () => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    await expect(queue.run('t', () => 'next')).resolves.toBe('next');
  });
});
