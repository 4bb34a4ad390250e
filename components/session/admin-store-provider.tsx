'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { getSession } from '@/lib/client/admin-requests';
import { createAdminStore, type AdminActions, type AdminState, type AdminStore } from './admin-store';

const AdminStoreContext = createContext<AdminStore | null>(null);

/**
 * One admin store per mounted target. The session is read on mount and again after every write
 * (revision): a session that expired shows in the header as soon as a write is refused for it.
 */
export function AdminStoreProvider({ children }: { children: ReactNode }) {
  const [store] = useState(() => createAdminStore());
  const revision = useStore(store, (s) => s.revision);
  useEffect(() => {
    let cancelled = false;
    void getSession().then((result) => {
      if (!cancelled && result.ok) store.getState().setSession(result.data);
    });
    return () => {
      cancelled = true;
    };
  }, [store, revision]);
  return <AdminStoreContext.Provider value={store}>{children}</AdminStoreContext.Provider>;
}

export function useAdmin<T>(selector: (state: AdminState & AdminActions) => T): T {
  const store = useContext(AdminStoreContext);
  if (!store) throw new Error('useAdmin must be used within AdminStoreProvider');
  return useStore(store, selector);
}
