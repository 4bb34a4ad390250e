import type { ConfigView } from '@/lib/config-params/api-schema';
import { findParam, valueText } from '@/lib/config-params';

/** Why the editor is read-only, that a maintenance window is running, and whether this build can defrag at all. */
export function AccessNotes({ view }: { view: ConfigView }) {
  const { access, activeWindow } = view;
  return (
    <>
      {!access.allowed ? (
        <p
          className="rounded border-l-4 border-zinc-500 bg-zinc-100 p-2 text-sm text-zinc-800 dark:border-zinc-400 dark:bg-zinc-900 dark:text-zinc-200"
          data-testid="config-readonly-reason"
        >
          Read-only: {access.reason ?? 'changes are not allowed here'}
        </p>
      ) : null}
      {activeWindow ? (
        <div
          className="rounded border-l-4 border-sky-600 bg-sky-50 p-2 text-sm text-sky-950 dark:border-sky-400 dark:bg-sky-950/40 dark:text-sky-100"
          data-testid="config-active-window"
        >
          <p>
            ▶ A maintenance window is running until {new Date(activeWindow.end).toLocaleString()}. When it ends, the dashboard restores the values saved at its
            start, overwriting any change made here in the meantime:
          </p>
          <p className="mt-1 font-mono text-xs">
            {Object.entries(activeWindow.saved)
              .map(([p, v]) => `${p} ${findParam(p) ? valueText(findParam(p)!, v) : (v ?? 'unknown')}`)
              .join(' · ')}
          </p>
        </div>
      ) : null}
      {view.defragSupported === false ? (
        <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="config-defrag-unsupported">
          ⚠ This server cannot defragment{view.defragUnsupportedReason ? ` (${view.defragUnsupportedReason})` : ''}: Redis will refuse activedefrag yes.
        </p>
      ) : null}
    </>
  );
}
