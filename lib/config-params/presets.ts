import type { ServerIdentity } from '../snapshot';
import { availableParams, DEFRAG_PARAMS, type DefragParam } from './catalogue';

/**
 * Starting points for the editor. Values are Redis-ready; only `defaults` sets `activedefrag`,
 * because the maintenance scheduler switches defrag on (and off) itself around a preset.
 */

export const PRESET_IDS = ['low-latency', 'memory-constrained', 'large-keys', 'defaults'] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface ConfigPreset {
  id: PresetId;
  label: string;
  description: string;
  values: Partial<Record<DefragParam, string>>;
}

const MB = 1024 * 1024;

export const CONFIG_PRESETS: readonly ConfigPreset[] = [
  {
    id: 'low-latency',
    label: 'Low latency',
    description:
      'Gentle: a small CPU slice (1-10 %) and shorter steps on big collections, so client commands barely notice a pass; memory is reclaimed slowly.',
    values: {
      'active-defrag-cycle-min': '1',
      'active-defrag-cycle-max': '10',
      'active-defrag-max-scan-fields': '500',
      'active-defrag-threshold-lower': '10',
      'active-defrag-threshold-upper': '100',
    },
  },
  {
    id: 'memory-constrained',
    label: 'Memory constrained',
    description:
      'Reclaim early and hard: starts at 5 % fragmentation and 50mb of waste, reaches full effort at 50 %, and uses 10-50 % CPU, which clients will feel as latency.',
    values: {
      'active-defrag-ignore-bytes': String(50 * MB),
      'active-defrag-threshold-lower': '5',
      'active-defrag-threshold-upper': '50',
      'active-defrag-cycle-min': '10',
      'active-defrag-cycle-max': '50',
    },
  },
  {
    id: 'large-keys',
    label: 'Large keys',
    description:
      'For big hashes, sets and sorted sets: defers collections over 100 fields to short separate steps, waits for 200mb of waste, and keeps effort at 5-25 % CPU.',
    values: {
      'active-defrag-max-scan-fields': '100',
      'active-defrag-cycle-min': '5',
      'active-defrag-cycle-max': '25',
      'active-defrag-ignore-bytes': String(200 * MB),
    },
  },
  {
    id: 'defaults',
    label: 'Server defaults',
    description: "Every parameter back to the server's own default, including activedefrag no (defrag off).",
    values: Object.fromEntries(DEFRAG_PARAMS.map((p) => [p.name, p.defaultValue])),
  },
];

export function findPreset(id: string): ConfigPreset | undefined {
  return CONFIG_PRESETS.find((p) => p.id === id);
}

/** The preset's values this server can take (e.g. no cycle-us on Redis), or null for an unknown id. */
export function presetChanges(
  presetId: string,
  server: Pick<ServerIdentity, 'engine' | 'version'>,
  reported?: ReadonlySet<string>,
): Record<string, string> | null {
  const preset = findPreset(presetId);
  if (!preset) return null;
  const out: Record<string, string> = {};
  for (const p of availableParams(server, reported)) {
    const value = preset.values[p.name];
    if (value !== undefined) out[p.name] = value;
  }
  return out;
}
