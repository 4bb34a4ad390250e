/** Shown instead of the dashboard when the environment is invalid: the one message listing all problems. */
export function ConfigProblem({ message }: { message: string }) {
  return (
    <main className="mx-auto max-w-3xl p-8" data-testid="config-problem">
      <h1 className="text-xl font-semibold">Fragscope cannot start: configuration problem</h1>
      <pre className="mt-4 overflow-x-auto rounded bg-zinc-100 p-4 text-sm dark:bg-zinc-900">{message}</pre>
      <p className="mt-4 text-sm text-zinc-500">Fix the environment variables above and restart the dashboard.</p>
    </main>
  );
}
