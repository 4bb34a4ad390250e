'use client';

export default function ErrorPage({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-500">{error.message}</p>
      <button type="button" className="mt-4 rounded border px-3 py-1" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
