'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createDashboardStore, type DashboardActions, type DashboardState, type DashboardStore } from '@/lib/client/dashboard-store';
import type { InitialSamples } from '@/lib/snapshot';
import { connectSnapshotStream } from '@/lib/client/snapshot-stream';

const DashboardStoreContext = createContext<DashboardStore | null>(null);

/** One store and one stream per mounted target; give it `key={targetId}` to switch targets. */
export function DashboardStoreProvider({
  targetId,
  pollMs,
  initial,
  children,
}: {
  targetId: string;
  pollMs: number;
  initial?: InitialSamples;
  children: ReactNode;
}) {
  const [store] = useState(() => createDashboardStore(targetId, pollMs, initial));
  useEffect(() => connectSnapshotStream(targetId, store), [targetId, store]);
  return <DashboardStoreContext.Provider value={store}>{children}</DashboardStoreContext.Provider>;
}

export function useDashboard<T>(selector: (state: DashboardState & DashboardActions) => T): T {
  const store = useContext(DashboardStoreContext);
  if (!store) throw new Error('useDashboard must be used within DashboardStoreProvider');
  return useStore(store, selector);
}
