import { describe, expect, it } from 'vitest';
import { groupFleet, sortByWaste, type FleetRow } from './api-schema';
import { fleetRowOf } from './rows.test-support';

const row = (name: string, reclaimableBytes: number | null): FleetRow => fleetRowOf(name, { reclaimableBytes });

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
