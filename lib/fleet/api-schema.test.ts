import { describe, expect, it } from 'vitest';
import { groupFleet, sortByWaste, type FleetRow } from './api-schema';

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
  cluster: null,
  alerts: { count: 0, severity: null, rules: [] },
});

describe('sortByWaste', () => {
  it('puts the largest reclaimable waste first, unknown last, ties by name', () => {
    const sorted = sortByWaste([row('c', 10), row('a', null), row('b', 500), row('d', 10), row('e', 0)]);
    expect(sorted.map((r) => r.name)).toEqual(['b', 'c', 'd', 'e', 'a']);
  });
});

describe('groupFleet', () => {
  it('orders standalone targets and whole clusters by waste, each cluster followed by its nodes', () => {
    const node = (name: string, waste: number): FleetRow => ({ ...row(name, waste), cluster: { id: 'shop', name: 'shop', role: 'primary' } });
    const items = groupFleet([row('solo-big', 300), node('n1', 100), row('solo-small', 5), node('n2', 250)]);
    expect(items.map((i) => (i.kind === 'cluster' ? `cluster:${i.id}:${i.reclaimableBytes}:${i.rows.map((r) => r.name).join('+')}` : i.row.name))).toEqual([
      'cluster:shop:350:n2+n1',
      'solo-big',
      'solo-small',
    ]);
  });
});
