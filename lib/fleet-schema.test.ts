import { describe, expect, it } from 'vitest';
import { sortByWaste, type FleetRow } from './fleet-schema';

const row = (name: string, reclaimableBytes: number | null): FleetRow => ({
  id: name,
  name,
  address: '127.0.0.1:1',
  engine: 'redis',
  version: '7.0.15',
  connected: true,
  sampleAt: 1,
  health: 'healthy',
  rssRatio: 1,
  allocatorRatio: 1,
  reclaimableBytes,
  usedBytes: 1,
  rssBytes: 1,
  activedefrag: false,
  defragSupported: true,
  defragRunning: 0,
  verdict: 'will-not-run',
  blocking: null,
  predictedCpuPercent: null,
});

describe('sortByWaste', () => {
  it('puts the largest reclaimable waste first, unknown last, ties by name', () => {
    const sorted = sortByWaste([row('c', 10), row('a', null), row('b', 500), row('d', 10), row('e', 0)]);
    expect(sorted.map((r) => r.name)).toEqual(['b', 'c', 'd', 'e', 'a']);
  });
});
