import type { HistoryResponse } from '@/lib/history/api-schema';
import type { Snapshot } from '@/lib/snapshot';
import { STREAM_EVENTS } from '@/lib/snapshot-fields';
import type { z } from 'zod';
import type { DashboardStore } from './dashboard-store';
import { historyResponseLazy, snapshotLazy } from './lazy-schemas';

interface Schemas {
  snapshot: z.ZodType<Snapshot>;
  history: z.ZodType<HistoryResponse>;
}

/**
 * The only owner of the dashboard's EventSource. Every payload is validated against the shared
 * schema before it reaches the store. The schemas load beside the stream's first answer (they are
 * not on the page's first load): events that arrive before them wait, in order. Returns a
 * function that closes the stream.
 */
export function connectSnapshotStream(targetId: string, store: DashboardStore): () => void {
  const source = new EventSource(`/api/targets/${encodeURIComponent(targetId)}/stream`);
  const { applyHistory, applySnapshot, setStreamStatus, countRejected } = store.getState();
  let closed = false;
  let schemas: Schemas | null = null;
  // Events waiting for the schemas, in arrival order; null once they are loaded.
  let waiting: Promise<void> | null = null;
  const load = () =>
    Promise.all([snapshotLazy.load(), historyResponseLazy.load()]).then(([snapshot, history]) => {
      schemas = { snapshot, history };
    });

  const deliver = (check: (s: Schemas) => void) => {
    if (schemas !== null && waiting === null) return check(schemas);
    const mine: Promise<void> = (waiting ?? Promise.resolve())
      .then(() => (schemas === null ? load() : undefined))
      .then(
        () => {
          if (!closed && schemas !== null) check(schemas);
        },
        // The schemas' chunk did not load (network): this event is lost like a malformed one; the next tries again.
        () => {
          if (!closed) countRejected();
        },
      );
    waiting = mine;
    void mine.then(() => {
      if (waiting === mine) waiting = null;
    });
  };

  source.addEventListener(STREAM_EVENTS.history, (event) => {
    const body = parseJson((event as MessageEvent<string>).data);
    deliver((s) => {
      const parsed = s.history.safeParse(body);
      if (parsed.success) applyHistory(parsed.data);
      else countRejected();
    });
  });
  source.addEventListener(STREAM_EVENTS.snapshot, (event) => {
    const body = parseJson((event as MessageEvent<string>).data);
    deliver((s) => {
      const parsed = s.snapshot.safeParse(body);
      if (parsed.success) applySnapshot(parsed.data);
      else countRejected();
    });
  });
  source.addEventListener('open', () => setStreamStatus('live'));
  // EventSource reconnects by itself (the server sends `retry:`); we only show that it is trying.
  source.addEventListener('error', () => setStreamStatus('reconnecting'));
  // Start loading the schemas now, beside the connection, not at the first event.
  void load().catch(() => undefined);

  return () => {
    closed = true;
    source.close();
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
