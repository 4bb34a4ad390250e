'use client';

import { CONFIG_PRESETS, findPreset } from '@/lib/config-params';

/** Starting points; picking one fills the inputs (on top of the current values), nothing is sent. */
export function PresetPicker({ value, disabled, onPick }: { value: string; disabled: boolean; onPick: (presetId: string) => void }) {
  const preset = findPreset(value);
  return (
    <div className="flex flex-col gap-1">
      <label className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-medium">Preset</span>
        <select
          data-testid="config-preset"
          value={value}
          disabled={disabled}
          onChange={(e) => onPick(e.target.value)}
          className="rounded border border-zinc-300 bg-white px-2 py-1 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">— choose a starting point —</option>
          {CONFIG_PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      {preset ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" data-testid="config-preset-description">
          {preset.description}
        </p>
      ) : null}
    </div>
  );
}
