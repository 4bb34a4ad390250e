import type { Snapshot } from '../snapshot';
import type { Decision, Diagnosis } from './types';

/** A poll round trip above this while defrag runs is worth a look (a healthy loopback poll is ~1 ms). */
export const SLOW_POLL_MS = 20;

/**
 * Latency during defrag, from what the dashboard can see without extra load: its own poll round
 * trip (a real client's view), and the server's `active-defrag-cycle` latency event when latency
 * monitoring is on.
 */
export function diagnoseLatency(snapshot: Snapshot, decision: Decision): Diagnosis[] {
  const out: Diagnosis[] = [];
  const defragActive = decision.verdict === 'running' || snapshot.config.activedefrag === true;
  if (!defragActive) return out;
  const { monitorThresholdMs, defragCycle } = snapshot.latency;
  const rtt = snapshot.derived.pollRttMs;
  const lowerEffort = 'Lower active-defrag-cycle-max (the CPU share a defrag cycle may take) to shorten each cycle.';

  if (defragCycle) {
    out.push({
      id: 'latency-defrag-cycle',
      severity: defragCycle.maxMs >= 50 ? 'warn' : 'info',
      title: `Defrag cycles block the server for up to ${defragCycle.maxMs} ms`,
      detail: `LATENCY LATEST records active-defrag-cycle: latest ${defragCycle.latestMs} ms, max ${defragCycle.maxMs} ms (at ${new Date(defragCycle.at).toISOString()}).`,
      advice: `${lowerEffort} LATENCY RESET active-defrag-cycle clears the record after a change.`,
    });
  }
  if (decision.verdict === 'running' && rtt !== null && rtt >= SLOW_POLL_MS) {
    out.push({
      id: 'latency-slow-poll',
      severity: 'warn',
      title: `Slow replies while defrag runs: the dashboard's poll took ${rtt} ms`,
      detail: `One pipelined INFO call normally answers in about a millisecond; ${rtt} ms during a pass at ${decision.currentCpuPercent ?? '?'}% CPU suggests defrag cycles delay other clients too.`,
      advice: lowerEffort,
    });
  }
  if (monitorThresholdMs === 0) {
    out.push({
      id: 'latency-monitor-off',
      severity: 'info',
      title: 'Latency monitoring is off: defrag cycle latency is not recorded',
      detail: 'latency-monitor-threshold is 0, so the server keeps no active-defrag-cycle event.',
      advice: 'CONFIG SET latency-monitor-threshold 10 records every cycle slower than 10 ms (cheap; 0 turns it off again).',
    });
  }
  return out;
}
