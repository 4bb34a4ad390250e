import type { ReactNode } from 'react';
import { AdminStoreProvider } from '@/components/session/admin-store-provider';
import type { TargetSummary } from '@/lib/snapshot';
import { AppHeader, type AppSection } from './app-header';

/** A page that is not one target's console (fleet, comparison, 404, error): the shared header over its content. */
export function PageShell({
  targets,
  currentId = null,
  section,
  children,
}: {
  targets: TargetSummary[] | null;
  currentId?: string | null;
  section: AppSection;
  children: ReactNode;
}) {
  return (
    <AdminStoreProvider>
      <AppHeader targets={targets} currentId={currentId} section={section} />
      <main id="main" tabIndex={-1} className="mx-auto grid max-w-7xl gap-6 p-4 sm:p-6">
        {children}
      </main>
    </AdminStoreProvider>
  );
}
