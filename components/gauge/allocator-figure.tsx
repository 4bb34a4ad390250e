import { formatBytes, formatPercent, formatRatio } from '@/lib/format';

interface AllocatorFigureProps {
  ratio: number | null;
  /** The percent and bytes the server's decision compares with its thresholds (lib/decision/frag-input.ts). */
  pct: number | null;
  bytes: number | null;
  thresholdLower: number | null;
  ignoreBytes: number | null;
}

/** The allocator fragmentation that active defrag acts on, beside its two start thresholds. */
export function AllocatorFigure({ ratio, pct, bytes, thresholdLower, ignoreBytes }: AllocatorFigureProps) {
  return (
    <div title="allocator_frag_ratio / allocator_frag_bytes (INFO memory): the figure active defrag uses">
      <div className="text-xs uppercase tracking-wide text-zinc-500">Allocator fragmentation (what defrag acts on)</div>
      <div className="flex items-baseline gap-3">
        <span className="text-3xl font-semibold tabular-nums" data-testid="gauge-allocator-ratio">
          {formatRatio(ratio)}
        </span>
        <span className="text-sm text-zinc-500">
          = <span data-testid="gauge-allocator-pct">{formatPercent(pct)}</span> extra, <span data-testid="gauge-allocator-bytes">{formatBytes(bytes)}</span>
        </span>
      </div>
      <div className="text-xs text-zinc-500">
        starts at ≥ {formatPercent(thresholdLower)} and ≥ {formatBytes(ignoreBytes)} (threshold-lower, ignore-bytes)
      </div>
    </div>
  );
}
