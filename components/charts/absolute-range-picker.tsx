'use client';

import { useId, useState, useSyncExternalStore } from 'react';
import { viewerTimeZone } from '@/lib/format';
import { fromLocalInput, rangeProblem, toLocalInput } from '@/lib/targets/chart-range';

// The browser's zone does not change while the page is open; the server renders none.
const noSubscription = () => () => {};
const serverZone = () => null;

export interface AbsoluteRangePickerProps {
  /** The range the charts show now: the form opens on it. */
  shown: { from: number; to: number } | null;
  /**
   * The first moment the history holds for this target: undefined while the section is still asking
   * (Apply waits, so a range from before it is never let through), null when the history holds no
   * sample yet (the retention is the limit).
   */
  oldest: number | null | undefined;
  onApply: (range: { from: number; to: number }) => void;
  /** The form was opened: the section then asks the server where the history starts. */
  onOpen?: () => void;
}

/**
 * "From / to" in the viewer's time zone (native datetime-local inputs: no date-picker library).
 * A range that cannot be shown is refused with the reason, and nothing changes.
 */
export function AbsoluteRangePicker({ shown, oldest, onApply, onOpen }: AbsoluteRangePickerProps) {
  const zone = useSyncExternalStore(noSubscription, viewerTimeZone, serverZone);
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const toggle = () => {
    if (!open) {
      // Opened before the first history arrived (the charts load after the first paint): the
      // default view's last 5 minutes, so the fields are never empty.
      const now = Date.now();
      const range = shown ?? { from: now - 5 * 60_000, to: now };
      setFrom(toLocalInput(range.from));
      setTo(toLocalInput(range.to));
      onOpen?.();
    }
    setError(null);
    setOpen(!open);
  };
  const apply = (event: React.FormEvent) => {
    event.preventDefault();
    const start = fromLocalInput(from);
    const end = fromLocalInput(to);
    const problem =
      start === null || end === null ? 'Enter both “from” and “to” as a date and time.' : rangeProblem(start, end, Date.now(), oldest ?? undefined);
    if (problem !== null || start === null || end === null) return setError(problem);
    setError(null);
    setOpen(false);
    onApply({ from: start, to: end });
  };
  const input = 'rounded border border-zinc-300 bg-transparent px-1 py-0.5 text-sm dark:border-zinc-700 dark:[color-scheme:dark]';
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button
        type="button"
        className="rounded border border-zinc-300 px-2 py-0.5 text-sm dark:border-zinc-700"
        aria-expanded={open}
        aria-controls={`${id}-form`}
        data-testid="range-absolute-toggle"
        onClick={toggle}
      >
        From / to…
      </button>
      {open ? (
        <form id={`${id}-form`} className="flex flex-wrap items-center gap-2 text-sm" data-testid="range-absolute" onSubmit={apply} noValidate>
          <label className="flex items-center gap-1">
            from
            <input type="datetime-local" step={1} className={input} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="range-from" />
          </label>
          <label className="flex items-center gap-1">
            to
            <input type="datetime-local" step={1} className={input} value={to} onChange={(e) => setTo(e.target.value)} data-testid="range-to" />
          </label>
          {zone ? <span className="text-xs text-zinc-600 dark:text-zinc-400">({zone})</span> : null}
          <button
            type="submit"
            className="rounded bg-zinc-800 px-2 py-0.5 text-white disabled:opacity-60 dark:bg-zinc-200 dark:text-zinc-900"
            disabled={oldest === undefined}
            title={oldest === undefined ? 'reading where the history starts…' : undefined}
            data-testid="range-apply"
          >
            Apply
          </button>
          {error ? (
            <p role="alert" className="w-full text-sm text-red-700 dark:text-red-300" data-testid="range-error">
              {error}
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
