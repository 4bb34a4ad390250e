'use client';

import type { FormEvent } from 'react';
import { BASELINE_NAME_MAX, BASELINE_NOTE_MAX } from '@/lib/baselines';

const INPUT = 'rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900';
const BUTTON = 'rounded border border-zinc-300 px-2 py-1 text-sm hover:bg-zinc-100 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

/**
 * Name and note of a new baseline. `onCapture` resolves true when the server took it: only then is
 * the form cleared, so a refused capture (server down) can be sent again as typed.
 */
export function CaptureForm({ pending, onCapture }: { pending: boolean; onCapture: (name: string, note: string) => Promise<boolean> }) {
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (await onCapture(String(data.get('name') ?? ''), String(data.get('note') ?? ''))) form.reset();
  };
  return (
    <form className="flex flex-wrap items-center gap-2" onSubmit={(e) => void submit(e)} data-testid="baseline-capture-form">
      <label className="flex min-w-0 max-w-full items-center gap-2 text-sm">
        <span className="text-zinc-500">name</span>
        <input
          name="name"
          required
          maxLength={BASELINE_NAME_MAX}
          placeholder="before maintenance"
          className={`${INPUT} w-52 min-w-0`}
          data-testid="baseline-name"
        />
      </label>
      <label className="flex min-w-[14rem] max-w-full flex-1 items-center gap-2 text-sm">
        <span className="text-zinc-500">note</span>
        <input
          name="note"
          maxLength={BASELINE_NOTE_MAX}
          placeholder="optional: ticket, reason"
          className={`${INPUT} min-w-0 flex-1`}
          data-testid="baseline-note"
        />
      </label>
      <button type="submit" className={BUTTON} disabled={pending} data-testid="baseline-capture" title="Keeps the newest good sample under this name">
        {pending ? 'Capturing…' : 'Capture baseline'}
      </button>
    </form>
  );
}
