import { z } from 'zod';

/**
 * `GET /api/targets/{id}/history` and the stream's first `history` event: columns, not objects.
 * INFO fields keep Redis's names; counters appear as `<counter>_per_sec`; `null` marks a gap.
 */
export const historyResponseSchema = z.object({
  from: z.number(),
  to: z.number(),
  t: z.array(z.number()),
  series: z.record(z.string(), z.array(z.number().nullable())),
});
export type HistoryResponse = z.infer<typeof historyResponseSchema>;

export const RANGE_PRESETS = [
  { id: '5m', label: '5 min', ms: 5 * 60_000 },
  { id: '1h', label: '1 h', ms: 3_600_000 },
  { id: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: '24 h', ms: 24 * 3_600_000 },
] as const;
export type RangePresetId = (typeof RANGE_PRESETS)[number]['id'];

/** The stream's live window: its first `history` event covers this span, and the browser keeps it. */
export const LIVE_SPAN_MS = 5 * 60_000;
