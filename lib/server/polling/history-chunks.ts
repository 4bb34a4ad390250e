import 'server-only';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import type { Snapshot } from '@/lib/snapshot';
import { STORED_SERIES } from '@/lib/history/series';

/**
 * The compact form a target's history takes in the state Redis (history-persistence.ts): only
 * what the HistoryStore keeps of a sample (its time, whether it was good, the server's run_id
 * for restart detection, and the STORED_SERIES figures), never an address, error text or
 * credential. A chunk is columnar JSON, raw-deflated: consecutive samples repeat most of their
 * figures, which deflate folds away.
 */
export interface HistoryRow {
  at: number;
  ok: boolean;
  runId: string | null;
  /** STORED_SERIES order; null where the server did not report the figure (or the poll failed). */
  values: (number | null)[];
}

const VERSION = 1;

const chunkSchema = z.object({
  v: z.literal(VERSION),
  /** Column names, so a chunk written by another version is read by name, not by position. */
  names: z.array(z.string()),
  /** First time absolute, then deltas (ms). */
  t: z.array(z.number()),
  ok: z.array(z.union([z.literal(0), z.literal(1)])),
  /** Index into runIds, or -1. */
  run: z.array(z.number().int()),
  runIds: z.array(z.string()),
  cols: z.array(z.array(z.number().nullable())),
});

export function rowOf(snapshot: Snapshot): HistoryRow {
  return {
    at: snapshot.at,
    ok: snapshot.ok,
    runId: snapshot.ok ? snapshot.server.runId : null,
    values: STORED_SERIES.map((spec) => {
      const v = snapshot.ok ? spec.read(snapshot) : null;
      return v === null || !Number.isFinite(v) ? null : v;
    }),
  };
}

/**
 * A sample rebuilt from a row, carrying exactly what HistoryStore.append and STORED_SERIES.read
 * look at (so the history is restored through the store's own API). Not a full Snapshot: it is
 * only ever handed to a HistoryStore, never to viewers.
 */
export function sampleOf(targetId: string, row: HistoryRow): Snapshot {
  const info: Record<string, number | null> = {};
  let pollRttMs: number | null = null;
  let thresholdLower: number | null = null;
  let activedefrag: boolean | null = null;
  let ignoreBytes: number | null = null;
  // The series that are not INFO fields go back where the store reads them from (series.ts).
  STORED_SERIES.forEach((spec, c) => {
    const v = row.values[c] ?? null;
    if (spec.name === 'poll_rtt_ms') pollRttMs = v;
    else if (spec.name === 'threshold_lower') thresholdLower = v;
    else if (spec.name === 'activedefrag') activedefrag = v === null ? null : v === 1;
    else if (spec.name === 'ignore_bytes') ignoreBytes = v;
    else info[spec.name] = v;
  });
  return {
    targetId,
    at: row.at,
    ok: row.ok,
    server: { runId: row.runId },
    info,
    derived: { pollRttMs },
    config: { 'active-defrag-threshold-lower': thresholdLower, activedefrag, 'active-defrag-ignore-bytes': ignoreBytes },
  } as unknown as Snapshot;
}

export function encodeChunk(rows: readonly HistoryRow[]): Buffer {
  const runIds: string[] = [];
  const run = rows.map((r) => {
    if (r.runId === null) return -1;
    let i = runIds.indexOf(r.runId);
    if (i < 0) i = runIds.push(r.runId) - 1;
    return i;
  });
  const body = {
    v: VERSION,
    names: STORED_SERIES.map((s) => s.name),
    t: rows.map((r, i) => (i === 0 ? r.at : r.at - rows[i - 1]!.at)),
    ok: rows.map((r) => (r.ok ? 1 : 0)),
    run,
    runIds,
    cols: STORED_SERIES.map((_, c) => rows.map((r) => r.values[c] ?? null)),
  };
  return deflateRawSync(JSON.stringify(body));
}

/** Throws on a chunk that is not ours (corrupt, or from an incompatible version). */
export function decodeChunk(chunk: Buffer): HistoryRow[] {
  const body = chunkSchema.parse(JSON.parse(inflateRawSync(chunk).toString('utf8')));
  const n = body.t.length;
  if (body.ok.length !== n || body.run.length !== n || body.cols.some((col) => col.length !== n)) throw new Error('history chunk columns differ in length');
  // By name: a series this version does not know is skipped, one it knows but the chunk lacks is null.
  const columnOf = STORED_SERIES.map((spec) => body.names.indexOf(spec.name));
  const rows: HistoryRow[] = [];
  let at = 0;
  for (let i = 0; i < n; i++) {
    at = i === 0 ? body.t[0]! : at + body.t[i]!;
    const r = body.run[i]!;
    rows.push({
      at,
      ok: body.ok[i] === 1,
      runId: r >= 0 ? (body.runIds[r] ?? null) : null,
      values: columnOf.map((col) => (col >= 0 ? (body.cols[col]![i] ?? null) : null)),
    });
  }
  return rows;
}
