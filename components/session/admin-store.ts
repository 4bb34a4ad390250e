import { createStore } from 'zustand/vanilla';
import type { SessionState } from '@/lib/session/api-schema';

/**
 * The write side's shared UI state for one mounted target: who is signed in, a revision that every
 * admin view refetches on (bumped by sign-in/out and every write), and values the what-if panel
 * carried into the editor. Kept apart from the live-snapshot store, which only the stream feeds.
 */
export interface AdminState {
  /** null until GET /api/session answered. */
  session: SessionState | null;
  revision: number;
  /** `seq` changes on every carry, so carrying the same values twice fills the editor twice. */
  carried: { values: Record<string, string>; seq: number } | null;
}

export interface AdminActions {
  setSession(session: SessionState): void;
  /** Something changed on the server (or who we are): views refetch. */
  bump(): void;
  carry(values: Record<string, string>): void;
  /** The editor took the carried values: a later visit to the config view must not fill them again. */
  clearCarried(): void;
}

export type AdminStore = ReturnType<typeof createAdminStore>;

export function createAdminStore() {
  return createStore<AdminState & AdminActions>()((set) => ({
    session: null,
    revision: 0,
    carried: null,
    setSession: (session) =>
      set((s) => {
        const changed = s.session !== null && (s.session.signedInAs !== session.signedInAs || s.session.writesEnabled !== session.writesEnabled);
        return { session, revision: changed ? s.revision + 1 : s.revision };
      }),
    bump: () => set((s) => ({ revision: s.revision + 1 })),
    carry: (values) => set((s) => ({ carried: { values, seq: (s.carried?.seq ?? 0) + 1 } })),
    clearCarried: () => set({ carried: null }),
  }));
}
