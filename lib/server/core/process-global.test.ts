import { afterEach, describe, expect, it, vi } from 'vitest';
import { clearProcessGlobal, processGlobal } from './process-global';

const KEY = 'fragscope.test.process-global';

describe('processGlobal', () => {
  afterEach(() => {
    clearProcessGlobal(KEY);
  });

  it('creates the value once and hands the same one to every caller', () => {
    const create = vi.fn(() => ({ made: Math.random() }));
    const first = processGlobal(KEY, create);
    expect(processGlobal(KEY, create)).toBe(first);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('is shared by a fresh copy of the module, as with a second route chunk or a hot reload', async () => {
    const first = processGlobal(KEY, () => new Map<string, number>());
    vi.resetModules();
    const copy = await import('./process-global');
    expect(copy.processGlobal).not.toBe(processGlobal);
    expect(copy.processGlobal(KEY, () => new Map<string, number>())).toBe(first);
  });

  it('keeps nothing when create throws, so the next call tries again', () => {
    expect(() =>
      processGlobal(KEY, () => {
        throw new Error('bad environment');
      }),
    ).toThrow('bad environment');
    expect(processGlobal(KEY, () => 'second try')).toBe('second try');
  });

  it('clearProcessGlobal returns the value and the next call makes a new one', () => {
    const first = processGlobal(KEY, () => ({ n: 1 }));
    expect(clearProcessGlobal(KEY)).toBe(first);
    expect(clearProcessGlobal(KEY)).toBeUndefined();
    expect(processGlobal(KEY, () => ({ n: 2 }))).toEqual({ n: 2 });
  });
});
