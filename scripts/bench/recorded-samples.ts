/**
 * Real lab samples for the history bench and the history equivalence test: the recordings in
 * lib/history/fixtures/ (Redis 7.0.15 and Valkey 8.1.1 at 1 s: fragmentation by the lab's
 * `fragment`, defrag runs fast and slow, churn, a CONFIG RESETSTAT, a kill and a restart; see
 * their README), replayed end to end, over and over, until `n` samples.
 *
 * Replay keeps each recording's real timestamps (its own poll jitter and its gaps: a step
 * between two rows is the recorded one) and shifts each pass by the time already replayed, so
 * the sequence is continuous; every pass is a new server process (new run_id), as a restart.
 * That is pessimistic for memory: a real day is mostly idle, this one is fragmenting or
 * defragmenting most of the time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { emptyConfig, emptyInfo, emptyLatency, type Snapshot, type SnapshotInfo } from '../../lib/snapshot';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../lib/history/fixtures');
export const RECORDINGS = ['redis-7.0.15-defrag-runs.json', 'redis-7.0.15-slow-run.json', 'valkey-8.1.1-defrag-runs.json'] as const;

interface Recording {
  engine: string;
  fields: string[];
  rows: (number | string | null)[][];
}

let cached: Recording[] | null = null;
function recordings(): Recording[] {
  cached ??= RECORDINGS.map((f) => JSON.parse(fs.readFileSync(path.join(FIXTURES, f), 'utf8')) as Recording);
  return cached;
}

/** Rows in the recordings, all passes' worth of real samples. */
export function recordedSampleCount(): number {
  return recordings().reduce((sum, r) => sum + r.rows.length, 0);
}

/**
 * Calls `emit` with `n` snapshots starting at `start` (one reused object, re-filled per sample:
 * the store copies what it keeps). Returns the time of the last one.
 */
export function replayRecordings(n: number, start: number, emit: (s: Snapshot, i: number) => void): number {
  const recs = recordings();
  let offset = 0;
  let at = start;
  let pass = 0;
  let i = 0;
  while (i < n) {
    for (const rec of recs) {
      const t0 = rec.rows[0]![0] as number;
      for (const row of rec.rows) {
        if (i >= n) return at;
        at = start + offset + ((row[0] as number) - t0);
        emit(toSnapshot(rec, row, at, pass, i), i);
        i++;
      }
      // The next recording starts one interval after this one's last row.
      offset = at - start + 1000;
    }
    pass++;
  }
  return at;
}

function toSnapshot(rec: Recording, row: (number | string | null)[], at: number, pass: number, seq: number): Snapshot {
  const [, ok, runId, rttMs, thresholdLower, ...values] = row;
  const good = ok === 1;
  const info: SnapshotInfo = emptyInfo();
  if (good) rec.fields.forEach((field, k) => ((info as Record<string, number | null>)[field] = (values[k] as number | null | undefined) ?? null));
  return {
    targetId: 'replay',
    seq,
    at,
    ok: good,
    server: {
      engine: rec.engine.startsWith('valkey') ? 'valkey' : 'redis',
      version: rec.engine.split('-')[1] ?? '',
      allocator: 'jemalloc',
      runId: runId === null ? null : `${String(runId)}-${pass}`,
    },
    info,
    config: { ...emptyConfig(), 'active-defrag-threshold-lower': (thresholdLower as number | null) ?? null },
    latency: emptyLatency(),
    derived: {
      health: 'unknown',
      connection: good ? 'connected' : 'disconnected',
      pollRttMs: good ? ((rttMs as number | null) ?? null) : null,
      defragSupported: true,
      defragUnsupportedReason: null,
      forkChildActive: false,
      keys: null,
      parseWarnings: [],
    },
  };
}
