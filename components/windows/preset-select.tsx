import { CONFIG_PRESETS } from '@/lib/config-params';

/** The presets a window applies while it runs (with activedefrag yes). */
export function PresetSelect({ value, onChange, testId }: { value: string; onChange: (id: string) => void; testId: string }) {
  return (
    <select
      aria-label="preset applied while the window runs"
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      className="rounded border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-700 dark:bg-zinc-900"
    >
      {CONFIG_PRESETS.map((p) => (
        <option key={p.id} value={p.id}>
          {p.label}
        </option>
      ))}
    </select>
  );
}
