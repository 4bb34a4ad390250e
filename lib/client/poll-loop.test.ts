import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPollLoop } from './poll-loop';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** A load whose answers the test releases by hand, in any order. */
function manualLoads() {
  const pending: { resolve: (value: number) => void; signal: AbortSignal }[] = [];
  const load = (signal: AbortSignal) => new Promise<number>((resolve) => pending.push({ resolve, signal }));
  return { load, pending };
}

describe('startPollLoop', () => {
  it('loads at once and then every pollMs', async () => {
    const load = vi.fn(async () => 1);
    const stop = startPollLoop(load, { pollMs: 1000, immediate: true }, () => undefined);
    expect(load).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2500);
    expect(load).toHaveBeenCalledTimes(3);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('waits for the first period when not immediate, and never polls without pollMs', async () => {
    const load = vi.fn(async () => 1);
    startPollLoop(load, { pollMs: 1000, immediate: false }, () => undefined)();
    expect(load).not.toHaveBeenCalled();
    const once = vi.fn(async () => 1);
    startPollLoop(once, { pollMs: null, immediate: true }, () => undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(once).toHaveBeenCalledTimes(1);
  });

  it('drops an answer older than one already delivered', async () => {
    const { load, pending } = manualLoads();
    const delivered: number[] = [];
    startPollLoop(load, { pollMs: 1000, immediate: true }, (value) => delivered.push(value));
    await vi.advanceTimersByTimeAsync(1000);
    expect(pending).toHaveLength(2);
    pending[1]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    pending[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([2]);
  });

  it('keeps delivering when every answer is slower than the period', async () => {
    const { load, pending } = manualLoads();
    const delivered: number[] = [];
    startPollLoop(load, { pollMs: 1000, immediate: true }, (value) => delivered.push(value));
    await vi.advanceTimersByTimeAsync(2000);
    pending[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    pending[1]!.resolve(2);
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([1, 2]);
  });

  it('aborts what is in flight on stop and delivers nothing afterwards', async () => {
    const { load, pending } = manualLoads();
    const deliver = vi.fn();
    const stop = startPollLoop(load, { pollMs: null, immediate: true }, deliver);
    stop();
    expect(pending[0]!.signal.aborted).toBe(true);
    pending[0]!.resolve(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(deliver).not.toHaveBeenCalled();
  });
});
