import { describe, expect, it } from 'vitest';
import { applyFleetQuery, DEFAULT_FLEET_QUERY, fleetQueryParams, parseFleetQuery, toggleSort, type FleetQuery } from './fleet-query';
import { fleetRowOf as row } from './rows.test-support';
import type { FleetRow } from './api-schema';

const q = (patch: Partial<FleetQuery> = {}): FleetQuery => ({ ...DEFAULT_FLEET_QUERY, ...patch });
const names = (rows: readonly FleetRow[]) => rows.map((r) => r.name);

const FLEET: FleetRow[] = [
  row('cache-eu', { address: '10.0.0.5:6379', reclaimableBytes: 500, rssRatio: 1.4, allocatorRatio: 1.3, verdict: 'will-run' }),
  row('sessions', { address: '10.0.0.7:6379', reclaimableBytes: 50, rssRatio: 2.6, allocatorRatio: 1.05, verdict: 'will-not-run' }),
  row('Archive', { address: '10.0.1.1:6380', reclaimableBytes: null, rssRatio: null, allocatorRatio: null, verdict: 'unknown', connected: false }),
  row('queue', {
    address: '10.0.0.9:6379',
    reclaimableBytes: 9000,
    rssRatio: 1.1,
    allocatorRatio: 1.8,
    verdict: 'running',
    alerts: { count: 1, severity: 'warning', rules: ['effort-at-max'] },
  }),
  row('billing', {
    address: '10.0.2.2:6379',
    reclaimableBytes: 20,
    rssRatio: 3.1,
    allocatorRatio: 1.2,
    alerts: { count: 1, severity: 'critical', rules: ['target-down'] },
  }),
];

describe('applyFleetQuery: sort', () => {
  it('by waste, the largest first and unknown last (the default)', () => {
    expect(names(applyFleetQuery(FLEET, q()).rows)).toEqual(['queue', 'cache-eu', 'sessions', 'billing', 'Archive']);
  });
  it('by name, case-insensitive, both ways', () => {
    expect(names(applyFleetQuery(FLEET, q({ sort: 'name', dir: 'asc' })).rows)).toEqual(['Archive', 'billing', 'cache-eu', 'queue', 'sessions']);
    expect(names(applyFleetQuery(FLEET, q({ sort: 'name', dir: 'desc' })).rows)).toEqual(['sessions', 'queue', 'cache-eu', 'billing', 'Archive']);
  });
  it('by either ratio; a target without a figure stays last whichever the direction', () => {
    expect(names(applyFleetQuery(FLEET, q({ sort: 'rss-ratio', dir: 'desc' })).rows)).toEqual(['billing', 'sessions', 'cache-eu', 'queue', 'Archive']);
    expect(names(applyFleetQuery(FLEET, q({ sort: 'rss-ratio', dir: 'asc' })).rows)).toEqual(['queue', 'cache-eu', 'sessions', 'billing', 'Archive']);
    expect(names(applyFleetQuery(FLEET, q({ sort: 'allocator-ratio', dir: 'desc' })).rows)).toEqual(['queue', 'cache-eu', 'billing', 'sessions', 'Archive']);
  });
  it('by verdict (running, will run, will not run, unknown), ties by waste', () => {
    expect(names(applyFleetQuery(FLEET, q({ sort: 'verdict', dir: 'asc' })).rows)).toEqual(['queue', 'cache-eu', 'sessions', 'billing', 'Archive']);
  });
  it('by alert state: critical above any warning, then targets without alerts by waste', () => {
    expect(names(applyFleetQuery(FLEET, q({ sort: 'alerts', dir: 'desc' })).rows)).toEqual(['billing', 'queue', 'cache-eu', 'sessions', 'Archive']);
  });
});

describe('applyFleetQuery: filter', () => {
  it('matches text in the name or the address, case-insensitively', () => {
    expect(names(applyFleetQuery(FLEET, q({ q: 'ARCH' })).rows)).toEqual(['Archive']);
    expect(names(applyFleetQuery(FLEET, q({ q: '10.0.0.' })).rows)).toEqual(['queue', 'cache-eu', 'sessions']);
    expect(names(applyFleetQuery(FLEET, q({ q: ':6380' })).rows)).toEqual(['Archive']);
  });
  it('by verdict and by "only with alerts", combined with the text', () => {
    expect(names(applyFleetQuery(FLEET, q({ verdict: 'will-not-run' })).rows)).toEqual(['sessions', 'billing']);
    expect(names(applyFleetQuery(FLEET, q({ alertsOnly: true })).rows)).toEqual(['queue', 'billing']);
    const both = applyFleetQuery(FLEET, q({ alertsOnly: true, verdict: 'will-not-run' }));
    expect(names(both.rows)).toEqual(['billing']);
    expect(both.matched).toBe(1);
  });
  it('nothing matching is an empty first page, not an error', () => {
    expect(applyFleetQuery(FLEET, q({ q: 'nope' }))).toMatchObject({ rows: [], matched: 0, page: 1, pageCount: 1 });
  });
});

describe('applyFleetQuery: pages', () => {
  const many = Array.from({ length: 120 }, (_, i) => row(`t-${String(i).padStart(3, '0')}`, { reclaimableBytes: 1000 - i }));
  it('cuts 50 a page, the last one shorter, in the sorted order', () => {
    const p1 = applyFleetQuery(many, q());
    expect(p1).toMatchObject({ matched: 120, page: 1, pageCount: 3 });
    expect(p1.rows).toHaveLength(50);
    expect(p1.rows[0]!.name).toBe('t-000');
    const p3 = applyFleetQuery(many, q({ page: 3 }));
    expect(names(p3.rows)).toEqual(Array.from({ length: 20 }, (_, i) => `t-${100 + i}`));
  });
  it('a page past the end answers the last page', () => {
    expect(applyFleetQuery(many, q({ page: 99 }))).toMatchObject({ page: 3, pageCount: 3 });
  });
  it('a page of a filtered fleet counts the matches only', () => {
    expect(applyFleetQuery(many, q({ q: 't-1', pageSize: 10 }))).toMatchObject({ matched: 20, pageCount: 2 });
  });
});

describe('applyFleetQuery: clusters', () => {
  const node = (name: string, waste: number) => row(name, { reclaimableBytes: waste, cluster: { id: 'shop', name: 'shop', role: 'primary' } });
  const fleet = [row('solo-big', { reclaimableBytes: 300 }), node('n1', 100), row('solo-small', { reclaimableBytes: 5 }), node('n2', 250)];
  it('by waste, a cluster ranks by its nodes together, as before', () => {
    const page = applyFleetQuery(fleet, q());
    expect(names(page.rows)).toEqual(['n2', 'n1', 'solo-big', 'solo-small']);
    expect(page.clusters).toEqual([{ id: 'shop', name: 'shop', nodes: 2, reclaimableBytes: 350 }]);
  });
  it('by another column, the nodes stay together where the first would sit', () => {
    expect(names(applyFleetQuery(fleet, q({ sort: 'name', dir: 'asc' })).rows)).toEqual(['n1', 'n2', 'solo-big', 'solo-small']);
    expect(names(applyFleetQuery(fleet, q({ sort: 'name', dir: 'desc' })).rows)).toEqual(['solo-small', 'solo-big', 'n2', 'n1']);
  });
  it('a cluster header is sent only for a cluster on the page', () => {
    expect(applyFleetQuery(fleet, q({ sort: 'name', dir: 'desc', pageSize: 2 })).clusters).toEqual([]);
  });
});

describe('the query in the URL', () => {
  it('round-trips, leaving out every default so /fleet stays plain', () => {
    expect(fleetQueryParams(DEFAULT_FLEET_QUERY).toString()).toBe('');
    const query = q({ sort: 'rss-ratio', dir: 'asc', q: 'eu', verdict: 'will-run', alertsOnly: true, page: 3 });
    const params = fleetQueryParams(query);
    expect(params.toString()).toBe('sort=rss-ratio&dir=asc&q=eu&verdict=will-run&alerts=only&page=3');
    expect(parseFleetQuery(params)).toEqual({ ok: true, query });
  });
  it('refuses an unknown sort, verdict or a bad page with one message each', () => {
    const parsed = parseFleetQuery(new URLSearchParams('sort=size&verdict=maybe&page=0&pageSize=5000'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(4);
    expect(parsed.problems[0]).toContain('sort must be one of waste, name');
  });
  it('a click on a column sorts by it in its natural order, a second click reverses it, and paging restarts', () => {
    const byName = toggleSort(q({ page: 4 }), 'name');
    expect(byName).toMatchObject({ sort: 'name', dir: 'asc', page: 1 });
    expect(toggleSort(byName, 'name')).toMatchObject({ sort: 'name', dir: 'desc' });
    expect(toggleSort(byName, 'rss-ratio')).toMatchObject({ sort: 'rss-ratio', dir: 'desc' });
  });
});
