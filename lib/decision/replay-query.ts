import { REPLAY_PARAMS } from './api-schema';
import type { ConfigOverrides } from './types';

/**
 * The query of `GET /api/targets/{id}/replay` for what-if values: each by its Redis name,
 * activedefrag as yes/no. Values the replay does not take (max-scan-fields, cycle-us) are left out.
 */
export function replayQuery(overrides: ConfigOverrides, range: { from: number; to: number }): string {
  const params = new URLSearchParams({ from: String(Math.round(range.from)), to: String(Math.round(range.to)) });
  for (const name of REPLAY_PARAMS) {
    const value = overrides[name];
    if (value === undefined || value === null) continue;
    params.set(name, typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value));
  }
  return params.toString();
}
