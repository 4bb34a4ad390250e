import type { FleetRow } from './api-schema';

/** A fleet row with everything but what a test sets (imported by tests only). */
export function fleetRowOf(name: string, patch: Partial<FleetRow> = {}): FleetRow {
  return {
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
    reclaimableBytes: 0,
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
    ...patch,
  };
}
