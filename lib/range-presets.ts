/**
 * The chart ranges and the stream's live span: plain constants, apart from lib/history/api-schema.ts
 * (which re-exports them) so the page's first load can read them without loading zod.
 */
export const RANGE_PRESETS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
  // Beyond the in-memory history: offered only with FRAGSCOPE_PROMETHEUS_URL (read from Prometheus).
  { id: '7d', label: '7 d', ms: 7 * 24 * 3_600_000, longRange: true },
  { id: '30d', label: '30 d', ms: 30 * 24 * 3_600_000, longRange: true },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

/** The stream's live window: its first `history` event covers this span, and the browser keeps it. */
export const LIVE_SPAN_MS = 5 * 60_000;
