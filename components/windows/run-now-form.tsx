'use client';

import { useState } from 'react';
import { RUN_NOW_MINUTES, runNowRequestSchema } from '@/lib/windows/api-schema';
import { PresetSelect } from './preset-select';

/** "Run now for N minutes with a preset": a one-off window from now; its end restores the current values. */
export function RunNowForm({ pending, onRun }: { pending: boolean; onRun: (minutes: number, preset: string) => void }) {
  const [minutes, setMinutes] = useState('30');
  const [preset, setPreset] = useState('low-latency');
  const n = Number(minutes);
  // The API's own check, so the button is enabled exactly when the server would accept the minutes.
  const valid = runNowRequestSchema.shape.runNowMinutes.safeParse(n).success;
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      data-testid="window-run-now-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) onRun(n, preset);
      }}
    >
      <span className="font-medium">Run defrag now for</span>
      <input
        type="number"
        min={RUN_NOW_MINUTES.min}
        max={RUN_NOW_MINUTES.max}
        step={1}
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        data-testid="window-run-now-minutes"
        aria-label="minutes"
        className="w-20 rounded border border-zinc-300 bg-white px-2 py-1 font-mono dark:border-zinc-700 dark:bg-zinc-900"
      />
      <span>minutes with</span>
      <PresetSelect value={preset} onChange={setPreset} testId="window-run-now-preset" />
      <button
        type="submit"
        data-testid="window-run-now"
        disabled={!valid || pending}
        className="rounded bg-violet-700 px-3 py-1 font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 dark:bg-violet-600"
      >
        Run now
      </button>
      {!valid ? (
        <span className="text-xs text-red-700 dark:text-red-300">
          ✗ {RUN_NOW_MINUTES.min} to {RUN_NOW_MINUTES.max} whole minutes
        </span>
      ) : null}
    </form>
  );
}
