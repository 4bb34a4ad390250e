import { z } from 'zod';
import { groupFleet, type FleetRow } from './api-schema';

/**
 * The fleet page's sort, filter and page, as kept in its URL (`/fleet?sort=...&q=...&page=2`) and
 * sent as is to `GET /api/fleet`: the server applies them, so a page of 50 rows is all that
 * crosses the wire even with 1,000 targets. Pure: the same code reads the URL in the browser.
 */

export const FLEET_SORTS = ['waste', 'name', 'rss-ratio', 'allocator-ratio', 'verdict', 'alerts'] as const;
export type FleetSort = (typeof FLEET_SORTS)[number];
export const FLEET_VERDICTS = ['running', 'will-run', 'will-not-run', 'unknown'] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** The order a column means by default: the worst (or the first letter) on top. */
const NATURAL_DIR: Record<FleetSort, 'asc' | 'desc'> = {
  waste: 'desc',
  name: 'asc',
  'rss-ratio': 'desc',
  'allocator-ratio': 'desc',
  verdict: 'asc',
  alerts: 'desc',
};

export const fleetQuerySchema = z.object({
  sort: z.enum(FLEET_SORTS),
  dir: z.enum(['asc', 'desc']),
  /** Case-insensitive substring of the name, address or id. */
  q: z.string().max(200),
  verdict: z.enum(FLEET_VERDICTS).nullable(),
  /** Only targets with at least one firing alert. */
  alertsOnly: z.boolean(),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
});
export type FleetQuery = z.infer<typeof fleetQuerySchema>;

export const DEFAULT_FLEET_QUERY: FleetQuery = Object.freeze({
  sort: 'waste',
  dir: 'desc',
  q: '',
  verdict: null,
  alertsOnly: false,
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
}) as FleetQuery;

export type QueryParse = { ok: true; query: FleetQuery } | { ok: false; problems: string[] };

/** Reads the URL's parameters; an unknown value is a clear error, never silently the default. */
export function parseFleetQuery(params: URLSearchParams): QueryParse {
  const problems: string[] = [];
  const pick = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = params.get(name);
    if (value === null || value === '') return null;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value.slice(0, 40)}")`);
    return null;
  };
  const int = (name: string, min: number, max: number): number | null => {
    const value = params.get(name);
    if (value === null || value === '') return null;
    const n = Number(value);
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${value.slice(0, 40)}")`);
    return null;
  };
  const sort = pick('sort', FLEET_SORTS) ?? DEFAULT_FLEET_QUERY.sort;
  const dir = pick('dir', ['asc', 'desc'] as const) ?? NATURAL_DIR[sort];
  const q = params.get('q') ?? '';
  if (q.length > 200) problems.push('q must be at most 200 characters');
  const verdict = pick('verdict', FLEET_VERDICTS);
  const alerts = pick('alerts', ['only', 'any'] as const);
  const page = int('page', 1, 1_000_000) ?? 1;
  const pageSize = int('pageSize', 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: { sort, dir, q, verdict, alertsOnly: alerts === 'only', page, pageSize } };
}

/** The query as URL parameters, leaving out every default so a plain `/fleet` stays plain. */
export function fleetQueryParams(query: FleetQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.sort !== DEFAULT_FLEET_QUERY.sort) params.set('sort', query.sort);
  if (query.dir !== NATURAL_DIR[query.sort]) params.set('dir', query.dir);
  if (query.q.trim() !== '') params.set('q', query.q);
  if (query.verdict) params.set('verdict', query.verdict);
  if (query.alertsOnly) params.set('alerts', 'only');
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(query.pageSize));
  return params;
}

/** A click on a column: that column in its natural order, or the reverse when it is already sorted by it. */
export function toggleSort(query: FleetQuery, sort: FleetSort): FleetQuery {
  const dir = query.sort === sort ? (query.dir === 'asc' ? 'desc' : 'asc') : NATURAL_DIR[sort];
  return { ...query, sort, dir, page: 1 };
}

// One collator for every comparison: String.localeCompare builds one per call, which for 1,000
// rows sorted by name is most of the request's time. Same order (default locale and options).
const collator = new Intl.Collator();

const VERDICT_RANK: Record<FleetRow['verdict'], number> = { running: 0, 'will-run': 1, 'will-not-run': 2, unknown: 3 };
/** Alert state as one number: critical outranks any count of warnings. */
const alertRank = (r: FleetRow) => (r.alerts.severity === 'critical' ? 1000 : 0) + r.alerts.count;

/** The sort key of a row; null (no figure yet) always sorts last, whatever the direction. */
function sortValue(row: FleetRow, sort: FleetSort): number | string | null {
  switch (sort) {
    case 'waste':
      return row.reclaimableBytes;
    case 'name':
      return row.name.toLowerCase();
    case 'rss-ratio':
      return row.rssRatio;
    case 'allocator-ratio':
      return row.allocatorRatio;
    case 'verdict':
      return VERDICT_RANK[row.verdict];
    case 'alerts':
      return alertRank(row);
  }
}

export function compareRows(sort: FleetSort, dir: 'asc' | 'desc'): (a: FleetRow, b: FleetRow) => number {
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const va = sortValue(a, sort);
    const vb = sortValue(b, sort);
    if (va !== vb) {
      if (va === null) return 1;
      if (vb === null) return -1;
      const order = typeof va === 'string' ? collator.compare(va, vb as string) : va - (vb as number);
      if (order !== 0) return sign * order;
    }
    // Ties: the most waste first, then by name, so the order is stable between polls.
    const wa = a.reclaimableBytes ?? -Infinity;
    const wb = b.reclaimableBytes ?? -Infinity;
    if (sort !== 'waste' && wa !== wb) return wb - wa;
    return collator.compare(a.name, b.name) || collator.compare(a.id, b.id);
  };
}

export function matchesFilter(row: FleetRow, query: Pick<FleetQuery, 'q' | 'verdict' | 'alertsOnly'>): boolean {
  const needle = query.q.trim().toLowerCase();
  if (needle && !`${row.name} ${row.address} ${row.id}`.toLowerCase().includes(needle)) return false;
  if (query.verdict && row.verdict !== query.verdict) return false;
  if (query.alertsOnly && row.alerts.count === 0) return false;
  return true;
}

/** A cluster's header on the page: its nodes and waste among the matching rows. */
export interface ClusterHeader {
  id: string;
  name: string;
  nodes: number;
  reclaimableBytes: number;
}

export interface FleetPage {
  rows: FleetRow[];
  clusters: ClusterHeader[];
  matched: number;
  page: number;
  pageCount: number;
}

/**
 * Filter, sort, then cut one page. A cluster's nodes stay together: by waste (the default) a
 * cluster ranks by the sum of its nodes' waste, as before; by any other column it sits where its
 * first node would. A page that starts inside a cluster repeats the cluster's header.
 * A page past the end answers the last page, so a shrinking fleet never shows an empty page.
 */
export function applyFleetQuery(all: readonly FleetRow[], query: FleetQuery): FleetPage {
  const matching = all.filter((r) => matchesFilter(r, query));
  const ordered =
    query.sort === 'waste' && query.dir === 'desc' ? flattenGroups(matching) : groupInPlace([...matching].sort(compareRows(query.sort, query.dir)));
  const pageCount = Math.max(1, Math.ceil(ordered.length / query.pageSize));
  const page = Math.min(query.page, pageCount);
  const rows = ordered.slice((page - 1) * query.pageSize, page * query.pageSize);
  const headers = new Map<string, ClusterHeader>();
  for (const r of matching) {
    if (!r.cluster) continue;
    const h = headers.get(r.cluster.id) ?? { id: r.cluster.id, name: r.cluster.name, nodes: 0, reclaimableBytes: 0 };
    h.nodes += 1;
    h.reclaimableBytes += r.reclaimableBytes ?? 0;
    headers.set(r.cluster.id, h);
  }
  const onPage = new Set(rows.flatMap((r) => (r.cluster ? [r.cluster.id] : [])));
  return { rows, clusters: [...headers.values()].filter((h) => onPage.has(h.id)), matched: ordered.length, page, pageCount };
}

function flattenGroups(rows: readonly FleetRow[]): FleetRow[] {
  return groupFleet(rows).flatMap((item) => (item.kind === 'target' ? [item.row] : item.rows));
}

/** Sorted rows with each cluster's nodes pulled up behind its first one (stable). */
function groupInPlace(sorted: readonly FleetRow[]): FleetRow[] {
  const out: FleetRow[] = [];
  const placed = new Set<string>();
  for (const row of sorted) {
    if (!row.cluster) {
      out.push(row);
      continue;
    }
    if (placed.has(row.cluster.id)) continue;
    placed.add(row.cluster.id);
    const id = row.cluster.id;
    out.push(...sorted.filter((r) => r.cluster?.id === id));
  }
  return out;
}
