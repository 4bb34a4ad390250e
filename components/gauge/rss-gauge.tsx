import type { Health } from '@/lib/snapshot';
import { formatBytes, formatRatio } from '@/lib/format';

const MIN = 0.5;
const MAX = 3;
/** The rule-of-thumb bands on the RSS ratio (seed guide), plus the "below one" swap zone. */
const BANDS = [
  { from: MIN, to: 1, className: 'stroke-sky-400' },
  { from: 1, to: 1.5, className: 'stroke-emerald-500' },
  { from: 1.5, to: 2, className: 'stroke-amber-500' },
  { from: 2, to: MAX, className: 'stroke-red-500' },
];

export const HEALTH_LABEL: Record<Health, string> = {
  healthy: 'HEALTHY',
  moderate: 'MODERATE',
  high: 'HIGH',
  'below-one': 'BELOW 1 (swapping?)',
  'too-small': 'TOO SMALL to judge',
  unknown: 'UNKNOWN',
};

interface RssGaugeProps {
  ratio: number | null;
  bytes: number | null;
  health: Health;
}

/** Half-circle gauge of `mem_fragmentation_ratio` (RSS / used_memory) with its bands. */
export function RssGauge({ ratio, bytes, health }: RssGaugeProps) {
  const angle = (value: number) => Math.PI * (1 - (Math.min(Math.max(value, MIN), MAX) - MIN) / (MAX - MIN));
  const point = (value: number, r: number) => [100 + r * Math.cos(angle(value)), 100 - r * Math.sin(angle(value))];
  const arc = (from: number, to: number) => {
    const [x1, y1] = point(from, 80);
    const [x2, y2] = point(to, 80);
    return `M ${x1} ${y1} A 80 80 0 0 1 ${x2} ${y2}`;
  };
  const needle = ratio === null ? null : point(ratio, 68);
  return (
    <figure className="flex flex-col items-center" title="mem_fragmentation_ratio (INFO memory): RSS / used_memory">
      <svg viewBox="0 0 200 115" className="w-56" role="img" aria-label={`RSS fragmentation ratio ${formatRatio(ratio)}`}>
        {BANDS.map((band) => (
          <path key={band.from} d={arc(band.from, band.to)} className={band.className} strokeWidth={14} fill="none" />
        ))}
        {needle ? (
          <line x1={100} y1={100} x2={needle[0]} y2={needle[1]} className="stroke-zinc-800 dark:stroke-zinc-100" strokeWidth={3} strokeLinecap="round" />
        ) : null}
        <circle cx={100} cy={100} r={5} className="fill-zinc-800 dark:fill-zinc-100" />
      </svg>
      <figcaption className="text-center">
        <div className="text-xs uppercase tracking-wide text-zinc-500">RSS ratio</div>
        <div className="text-4xl font-semibold tabular-nums" data-testid="gauge-rss-ratio">
          {formatRatio(ratio)}
        </div>
        <div className="text-sm font-medium" data-testid="gauge-health" data-health={health}>
          {HEALTH_LABEL[health]}
        </div>
        <div className="text-sm text-zinc-500" title="mem_fragmentation_bytes: RSS minus used_memory">
          wasted <span data-testid="gauge-rss-bytes">{formatBytes(bytes)}</span>
        </div>
      </figcaption>
    </figure>
  );
}
