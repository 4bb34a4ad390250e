import { historyResponseSchema } from '@/lib/history/api-schema';
import { snapshotSchema, STREAM_EVENTS } from '@/lib/snapshot';
import type { DashboardStore } from './dashboard-store';

/**
 * The only owner of the dashboard's EventSource. Every payload is validated against the shared
 * schema before it reaches the store. Returns a function that closes the stream.
 */
export function connectSnapshotStream(targetId: string, store: DashboardStore): () => void {
  const source = new EventSource(`/api/targets/${encodeURIComponent(targetId)}/stream`);
  const { applyHistory, applySnapshot, setStreamStatus, countRejected } = store.getState();

  source.addEventListener(STREAM_EVENTS.history, (event) => {
    const parsed = historyResponseSchema.safeParse(parseJson((event as MessageEvent<string>).data));
    if (parsed.success) applyHistory(parsed.data);
    else countRejected();
  });
  source.addEventListener(STREAM_EVENTS.snapshot, (event) => {
    const parsed = snapshotSchema.safeParse(parseJson((event as MessageEvent<string>).data));
    if (parsed.success) applySnapshot(parsed.data);
    else countRejected();
  });
  source.addEventListener('open', () => setStreamStatus('live'));
  // EventSource reconnects by itself (the server sends `retry:`); we only show that it is trying.
  source.addEventListener('error', () => setStreamStatus('reconnecting'));

  return () => source.close();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
