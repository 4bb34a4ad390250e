import type { Health } from '@/lib/snapshot';
import { formatBytes, formatRatio } from '@/lib/format';
import { GAUGE_BANDS, GAUGE_MARKS, gaugeAngle, gaugeNeedle, markLabel } from './gauge-scale';

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

/** Half-circle gauge of `mem_fragmentation_ratio` (RSS / used_memory) with its bands and labelled marks. */
export function RssGauge({ ratio, bytes, health }: RssGaugeProps) {
  const point = (value: number, r: number) => [100 + r * Math.cos(gaugeAngle(value)), 100 - r * Math.sin(gaugeAngle(value))];
  const arc = (from: number, to: number) => {
    const [x1, y1] = point(from, 80);
    const [x2, y2] = point(to, 80);
    return `M ${x1} ${y1} A 80 80 0 0 1 ${x2} ${y2}`;
  };
  const needle = gaugeNeedle(ratio);
  const tip = needle ? point(needle.value, 68) : null;
  const beyond = needle?.beyond ?? null;
  const beyondText = beyond === 'above' ? `▲ ${formatRatio(ratio)} beyond scale` : beyond === 'below' ? `▼ ${formatRatio(ratio)} below scale` : null;
  const label = `RSS fragmentation ratio ${formatRatio(ratio)}${beyondText ? `, beyond the gauge's ${beyond === 'above' ? 'maximum' : 'minimum'}` : ''}`;
  return (
    <figure className="flex flex-col items-center" title="mem_fragmentation_ratio (INFO memory): RSS / used_memory">
      <svg viewBox="-8 -8 216 124" className="w-60" role="img" aria-label={label} data-testid="rss-gauge">
        {GAUGE_BANDS.map((band) => (
          <path key={band.from} d={arc(band.from, band.to)} className={band.className} strokeWidth={14} fill="none" />
        ))}
        {GAUGE_MARKS.map((mark) => {
          const [x1, y1] = point(mark, 88);
          const [x2, y2] = point(mark, 92);
          const [lx, ly] = point(mark, 100);
          return (
            <g key={mark} data-testid="gauge-mark" data-value={mark}>
              <line x1={x1} y1={y1} x2={x2} y2={y2} className="stroke-zinc-500" strokeWidth={1} />
              <text x={lx} y={ly} fontSize={9} textAnchor="middle" dominantBaseline="middle" className="fill-zinc-600 dark:fill-zinc-300">
                {markLabel(mark)}
              </text>
            </g>
          );
        })}
        {tip ? (
          <line
            x1={100}
            y1={100}
            x2={tip[0]}
            y2={tip[1]}
            className={beyond ? 'stroke-red-600 dark:stroke-red-400' : 'stroke-zinc-800 dark:stroke-zinc-100'}
            strokeWidth={3}
            strokeLinecap="round"
            strokeDasharray={beyond ? '6 3' : undefined}
          />
        ) : null}
        <circle cx={100} cy={100} r={5} className="fill-zinc-800 dark:fill-zinc-100" />
      </svg>
      {beyondText ? (
        // The needle stops at the scale's end: this says it is not the value.
        <div className="text-xs font-semibold text-red-700 dark:text-red-300" data-testid="gauge-overflow" data-side={beyond}>
          {beyondText}
        </div>
      ) : null}
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
