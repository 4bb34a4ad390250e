import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardedScheduler } from './guarded-scheduler';
import type { WindowStore } from '../windows/window-store';

describe('GuardedScheduler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('logs a failing pass from its own timer instead of leaving an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));
    const store = { load: () => Promise.reject(new Error('state Redis gone')) } as unknown as WindowStore;
    const scheduler = new GuardedScheduler({ store, targets: [], applyContext: () => ({}) as never, tickMs: 20 });
    try {
      scheduler.start();
      await new Promise((r) => setTimeout(r, 120));
    } finally {
      scheduler.stop();
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
    expect(errors.some((line) => line.includes('window scheduler pass failed: state Redis gone'))).toBe(true);
    // A caller that awaits a pass still learns that it failed.
    await expect(scheduler.tick()).rejects.toThrow('state Redis gone');
  });
});
