import type { WindowView } from '@/lib/windows/api-schema';
import { findPreset } from '@/lib/config-params';
import { formatOccurrence } from './window-spec';

/** One window: when it runs, with what, its next runs in local time, and whether it is running now. */
export function WindowRow({ window, canDelete, deleting, onDelete }: { window: WindowView; canDelete: boolean; deleting: boolean; onDelete: () => void }) {
  return (
    <li
      className="grid gap-1 border-t border-zinc-200 py-3 first:border-t-0 dark:border-zinc-800"
      data-testid="window-row"
      data-window-id={window.id}
      data-running={window.running}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
        {window.running ? (
          <span className="rounded bg-sky-600 px-1.5 py-0.5 text-xs font-semibold text-white dark:bg-sky-500 dark:text-sky-950" data-testid="window-running">
            ▶ running
          </span>
        ) : null}
        <span className="font-medium" data-testid="window-description">
          {window.description}
        </span>
        {window.label ? <span className="text-zinc-600 dark:text-zinc-300">“{window.label}”</span> : null}
        <span className="text-zinc-600 dark:text-zinc-300">
          preset <span data-testid="window-preset">{findPreset(window.preset)?.label ?? window.preset}</span>
        </span>
        <span className="text-xs text-zinc-500">by {window.createdBy}</span>
        {canDelete ? (
          <button
            type="button"
            data-testid="window-delete"
            disabled={deleting}
            onClick={onDelete}
            title={window.running ? 'Ends the window now: the saved values are restored' : 'Delete this window'}
            className="ml-auto rounded border border-zinc-400 px-2 py-0.5 text-xs hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-600 dark:hover:bg-zinc-800"
          >
            {deleting ? 'Deleting…' : window.running ? 'Stop and delete' : 'Delete'}
          </button>
        ) : null}
      </div>
      {window.lastStart && window.lastStart.result !== 'applied' ? (
        <p className="text-xs text-red-700 dark:text-red-400" data-testid="window-last-start" data-result={window.lastStart.result}>
          Last start {new Date(window.lastStart.at).toLocaleString()} {window.lastStart.result.toUpperCase()}: {window.lastStart.error}
        </p>
      ) : null}
      {window.next.length > 0 ? (
        <ul className="font-mono text-xs text-zinc-600 dark:text-zinc-400" data-testid="window-next">
          {window.next.map((o, i) => (
            <li key={o.start}>
              {i === 0 && window.running ? 'now   ' : 'next  '}
              {formatOccurrence(o)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-xs text-zinc-500">No more runs: this window is over.</p>
      )}
    </li>
  );
}
