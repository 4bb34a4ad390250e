import { createStore } from 'zustand/vanilla';
import type { HistoryResponse } from '@/lib/history/api-schema';
import type { InitialSamples, Snapshot } from '@/lib/snapshot';
import { appendSample } from './history-columns';

/** `connecting`: no event yet; `live`: events arriving; `reconnecting`: the stream dropped. */
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

export interface DashboardState {
  targetId: string;
  streamStatus: StreamStatus;
  /** The newest snapshot, ok or not. */
  latest: Snapshot | null;
  /** The newest `ok` snapshot: figures stay on screen (dimmed) through an outage. */
  lastOk: Snapshot | null;
  /** When the current outage began (first failed sample after a good one), ms since epoch. */
  downSince: number | null;
  /** SSE payloads that failed validation: a server/client version skew shows here. */
  rejectedEvents: number;
  /** Columns of the live window (stream's `history` event, then appended per sample in place). */
  liveHistory: HistoryResponse | null;
  /** Bumped on each in-place append: charts key their memoised data on it. */
  historyVersion: number;
}

export interface DashboardActions {
  applyHistory(history: HistoryResponse): void;
  applySnapshot(snapshot: Snapshot): void;
  setStreamStatus(status: StreamStatus): void;
  countRejected(): void;
}

export type DashboardStore = ReturnType<typeof createDashboardStore>;

export function createDashboardStore(targetId: string, pollMs = 1000, initial: InitialSamples = { latest: null, lastOk: null }) {
  const start = initial.latest?.targetId === targetId ? initial : { latest: null, lastOk: null };
  return createStore<DashboardState & DashboardActions>()((set) => ({
    targetId,
    streamStatus: 'connecting',
    latest: start.latest,
    lastOk: start.lastOk,
    downSince: start.latest && !start.latest.ok ? start.latest.at : null,
    rejectedEvents: 0,
    liveHistory: null,
    historyVersion: 0,
    applyHistory: (history) => set((s) => ({ liveHistory: history, historyVersion: s.historyVersion + 1, streamStatus: 'live' })),
    applySnapshot: (snapshot) =>
      set((current) => {
        if (snapshot.targetId !== targetId) return {};
        // After a stream reconnect the server replays history; ignore what we already hold.
        if (current.latest && snapshot.seq <= current.latest.seq && snapshot.at <= current.latest.at) return {};
        // Appended in place: a sample never copies the history, only bumps its version.
        if (current.liveHistory) appendSample(current.liveHistory, snapshot, current.latest, pollMs);
        return { ...advance(current, snapshot), streamStatus: 'live', historyVersion: current.historyVersion + 1 };
      }),
    setStreamStatus: (streamStatus) => set({ streamStatus }),
    countRejected: () => set((s) => ({ rejectedEvents: s.rejectedEvents + 1 })),
  }));
}

function advance(state: Pick<DashboardState, 'latest' | 'lastOk' | 'downSince'>, snapshot: Snapshot): Pick<DashboardState, 'latest' | 'lastOk' | 'downSince'> {
  if (snapshot.ok) return { latest: snapshot, lastOk: snapshot, downSince: null };
  return { latest: snapshot, lastOk: state.lastOk, downSince: state.downSince ?? snapshot.at };
}
