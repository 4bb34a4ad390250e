import { describe, expect, it } from 'vitest';
import { makeSnapshot, MB, withFrag } from '../decision/snapshot.test-support';
import { predictWindow } from './prediction';

describe('predictWindow', () => {
  // The case: 120 MiB of allocator fragmentation, defrag off.
  const snapshot = makeSnapshot({ server: { version: '7.0.15' }, info: withFrag(170, 120 * MB), config: { activedefrag: false } });

  it('warns when the preset would start nothing (Large keys: ignore-bytes 200mb on 120 MiB)', () => {
    const p = predictWindow(snapshot, 'large-keys')!;
    expect(p.decision.verdict).toBe('will-not-run');
    expect(p.warning).toBe('On the current figures defrag would not start in this window: allocator fragmentation 120 MiB is below ignore-bytes 200 MiB.');
  });

  it('predicts a start, with activedefrag switched on as the scheduler does, for a preset that fits', () => {
    const p = predictWindow(snapshot, 'memory-constrained')!;
    expect(p.decision.verdict).toBe('will-run');
    expect(p.decision.cpuPercent).toBeGreaterThanOrEqual(10);
    expect(p.warning).toBeNull();
    expect(predictWindow(snapshot, 'nope')).toBeNull();
  });
});
