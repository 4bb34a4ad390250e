'use client';

import { DateTime } from 'luxon';
import { useState } from 'react';
import type { WindowSpec } from '@/lib/windows';
import { WEEKDAY_NAMES } from '@/lib/windows';
import { PresetSelect } from './preset-select';
import { WindowPrediction } from './window-prediction';
import { browserTimeZone, buildWindowSpec, type WindowFormValues } from './window-spec';

const FIELD = 'rounded border border-zinc-300 bg-white px-2 py-1 font-mono text-sm dark:border-zinc-700 dark:bg-zinc-900';

/** Adds a once/daily/weekly window. Mounted only in the browser (after the list loaded), so the zone is the viewer's. */
export function WindowForm({ pending, onAdd }: { pending: boolean; onAdd: (spec: WindowSpec) => void }) {
  const [form, setForm] = useState<WindowFormValues>(() => ({
    kind: 'daily',
    date: DateTime.now().toISODate() ?? '',
    time: '02:00',
    durationMinutes: '120',
    weekdays: [],
    timeZone: browserTimeZone(),
    preset: 'low-latency',
    label: '',
  }));
  const [errors, setErrors] = useState<string[]>([]);
  const set = (patch: Partial<WindowFormValues>) => {
    setForm((f) => ({ ...f, ...patch }));
    setErrors([]);
  };
  const toggleDay = (day: number) => set({ weekdays: form.weekdays.includes(day) ? form.weekdays.filter((d) => d !== day) : [...form.weekdays, day] });

  return (
    <form
      className="grid gap-2 rounded border border-zinc-200 p-3 text-sm dark:border-zinc-800"
      data-testid="window-form"
      onSubmit={(e) => {
        e.preventDefault();
        const built = buildWindowSpec(form);
        if (built.ok) onAdd(built.spec);
        else setErrors(built.errors);
      }}
    >
      <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Add a maintenance window</h3>
      <div className="flex flex-wrap items-center gap-2">
        <select
          aria-label="repeats"
          data-testid="window-kind"
          value={form.kind}
          onChange={(e) => set({ kind: e.target.value as WindowFormValues['kind'] })}
          className={FIELD}
        >
          <option value="once">once</option>
          <option value="daily">daily</option>
          <option value="weekly">weekly</option>
        </select>
        {form.kind === 'once' ? (
          <input type="date" aria-label="date" data-testid="window-date" value={form.date} onChange={(e) => set({ date: e.target.value })} className={FIELD} />
        ) : null}
        <span>at</span>
        <input
          type="time"
          aria-label="start time"
          data-testid="window-time"
          value={form.time}
          onChange={(e) => set({ time: e.target.value })}
          className={FIELD}
        />
        <span>for</span>
        <input
          type="number"
          min={1}
          aria-label="duration in minutes"
          data-testid="window-duration"
          value={form.durationMinutes}
          onChange={(e) => set({ durationMinutes: e.target.value })}
          className={`${FIELD} w-20`}
        />
        <span>minutes in</span>
        <input
          aria-label="time zone"
          data-testid="window-timezone"
          value={form.timeZone}
          onChange={(e) => set({ timeZone: e.target.value })}
          className={`${FIELD} w-44`}
          spellCheck={false}
        />
      </div>
      {form.kind === 'weekly' ? (
        <fieldset className="flex flex-wrap gap-3">
          <legend className="sr-only">weekdays</legend>
          {WEEKDAY_NAMES.map((name, i) => (
            <label key={name} className="flex items-center gap-1">
              <input type="checkbox" data-testid={`window-weekday-${i + 1}`} checked={form.weekdays.includes(i + 1)} onChange={() => toggleDay(i + 1)} />
              {name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <span>preset</span>
        <PresetSelect value={form.preset} onChange={(preset) => set({ preset })} testId="window-preset" />
        <input
          aria-label="label"
          placeholder="label (optional)"
          data-testid="window-label"
          value={form.label}
          maxLength={80}
          onChange={(e) => set({ label: e.target.value })}
          className={`${FIELD} font-sans`}
        />
        <button
          type="submit"
          data-testid="window-add"
          disabled={pending}
          className="rounded bg-violet-700 px-3 py-1 font-semibold text-white disabled:opacity-50 dark:bg-violet-600"
        >
          Add window
        </button>
      </div>
      {errors.length > 0 ? (
        <ul role="alert" className="text-xs font-semibold text-red-700 dark:text-red-300" data-testid="window-form-errors">
          {errors.map((e) => (
            <li key={e}>✗ {e}</li>
          ))}
        </ul>
      ) : null}
      <WindowPrediction presetId={form.preset} />
      <p className="text-xs text-zinc-500">
        While a window runs, the dashboard applies the preset with activedefrag yes; at its end it restores the values saved at its start.
      </p>
    </form>
  );
}
