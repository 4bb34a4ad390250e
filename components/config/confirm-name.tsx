'use client';

/**
 * The guard for changes that make the server work harder: the reasons, and a field that must hold the
 * target's exact name. Shared by the editor and the audit view's revert.
 */
export function ConfirmName({
  reasons,
  targetName,
  value,
  onChange,
  testId,
}: {
  reasons: string[];
  targetName: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
}) {
  const matches = value === targetName;
  return (
    <div
      className="rounded-lg border border-amber-500 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-400 dark:bg-amber-950/40 dark:text-amber-100"
      data-testid={`${testId}-reasons`}
    >
      <p className="font-semibold">⚠ This raises the CPU defrag may take from client commands</p>
      <ul className="mt-1 list-disc pl-5">
        {reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <label className="mt-2 flex flex-wrap items-center gap-2">
        <span>
          Type the target&apos;s name, <code className="font-semibold">{targetName}</code>, to confirm:
        </span>
        <input
          data-testid={testId}
          value={value}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          className="rounded border border-amber-600 bg-white px-2 py-1 font-mono text-zinc-900 dark:bg-zinc-900 dark:text-zinc-100"
        />
        <span className="text-xs font-semibold">{matches ? '✓ matches' : '✗ does not match yet'}</span>
      </label>
    </div>
  );
}
