'use client';

import Link from 'next/link';
import { PageShell } from '@/components/shell/page-shell';

/** A render failure keeps the shared header (alerts, sign-in, target picker), says what failed and offers a retry and a way home. */
export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <PageShell targets={null} section="other">
      <div className="max-w-2xl" data-testid="error-page">
        <h1 className="text-xl font-semibold">Something went wrong</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{error.message}</p>
        <div className="mt-4 flex gap-4">
          <button type="button" className="rounded border px-3 py-1" onClick={reset}>
            Try again
          </button>
          <Link href="/" className="self-center text-sm underline">
            ← the dashboard
          </Link>
        </div>
      </div>
    </PageShell>
  );
}
