import type { Health, SnapshotInfo } from '../snapshot';
import { classifyRssHealth, TOO_SMALL_BYTES } from '../info-parser';
import type { RuleOfThumb } from './types';
import { formatBytes, formatPercent, formatRatio } from './units';

/** The seed guide's rule of thumb on the RSS ratio: the very rule behind the pipeline's `derived.health`. */
export const classifyRssRatio = classifyRssHealth;
export { TOO_SMALL_BYTES };

const TEXT: Record<Health, { label: string; recommendation: string }> = {
  healthy: { label: 'Healthy (≤ 1.5)', recommendation: 'Nothing to do by the rule of thumb.' },
  moderate: {
    label: 'Moderate (1.5–2.0)',
    recommendation: 'Keep an eye on it; check allocator fragmentation before reaching for defrag.',
  },
  high: {
    label: 'High (> 2.0)',
    recommendation: 'Investigate: active defrag only helps if allocator fragmentation is high as well.',
  },
  'below-one': {
    label: 'Below 1.0',
    recommendation: 'RSS is smaller than used memory: part of the data is probably swapped out. Check swap; defrag is not the fix.',
  },
  'too-small': {
    label: 'Too small to judge',
    recommendation: 'used_memory is under 5 MiB: fixed overhead dominates the ratio, so ignore it.',
  },
  unknown: { label: 'Unknown', recommendation: 'used_memory or mem_fragmentation_ratio is missing from the snapshot.' },
};

export function ruleOfThumb(health: Health, ratio: number | null): RuleOfThumb {
  return { health, ratio, ...TEXT[health] };
}

export interface FragFigures {
  fragPct: number | null;
  fragBytes: number | null;
  lower: number | null;
  ignoreBytes: number | null;
  /** allocator_frag_* counts small-bin waste only (Redis >= 7.4, Valkey >= 8.0); null when unknown. */
  smallBinsFrag: boolean | null;
}

/** Plain words for when the RSS rule of thumb and the server's real start rule point different ways. */
export function explainDisagreement(info: SnapshotInfo, health: Health, f: FragFigures): string | null {
  const { fragPct, fragBytes, lower, ignoreBytes } = f;
  if (fragPct === null || fragBytes === null || lower === null || ignoreBytes === null) return null;
  const pctOk = fragPct >= lower;
  const bytesOk = fragBytes >= ignoreBytes;
  const r = formatRatio(info.mem_fragmentation_ratio);
  const pct = formatPercent(fragPct);
  const bytes = formatBytes(fragBytes);
  const ignore = formatBytes(ignoreBytes);
  if (health === 'moderate' || health === 'high') {
    if (pctOk && bytesOk) return null;
    const excess = explainExcess(info, f.smallBinsFrag);
    if (!pctOk) {
      const since = f.smallBinsFrag ? ' (since Redis 7.4 / Valkey 8.0 it counts small-bin waste only)' : '';
      return `The RSS ratio is ${r} (${health}), but allocator fragmentation, the figure defrag acts on${since}, is only ${pct}, below threshold-lower ${formatPercent(lower)}: defrag will not help. ${excess}`;
    }
    return `The RSS ratio is ${r} (${health}) and allocator fragmentation is ${pct}, but that is only ${bytes}, below ignore-bytes ${ignore}: defrag will not start. ${excess}`;
  }
  if (health === 'healthy') {
    if (pctOk && bytesOk) {
      return `The RSS ratio ${r} looks healthy, yet allocator fragmentation is ${pct} (${bytes}), at or above both threshold-lower ${formatPercent(lower)} and ignore-bytes ${ignore}: by the server's own rule there is enough to defragment.`;
    }
    if (pctOk) {
      return `The RSS ratio ${r} looks healthy and allocator fragmentation ${pct} is above threshold-lower ${formatPercent(lower)}, but it amounts to only ${bytes}, below ignore-bytes ${ignore}: defrag will not start until it reaches ${ignore}.`;
    }
    return null;
  }
  if (health === 'below-one' && pctOk && bytesOk) {
    return `The RSS ratio ${r} is below 1 (part of the data is probably swapped out, which defrag cannot fix), yet allocator fragmentation ${pct} (${bytes}) meets both thresholds, so the server considers it worth defragmenting.`;
  }
  return null;
}

/**
 * Names the biggest part of RSS - used_memory, from the allocator's own breakdown: allocator
 * fragmentation, freed pages not yet returned, overhead outside the allocator (and on 7.4+ waste
 * outside small bins). All of them, or a 117 MiB fragmentation loses to a 6.3 MiB allocator_rss_bytes.
 */
function explainExcess(info: SnapshotInfo, smallBinsFrag: boolean | null): string {
  const excess = info.mem_fragmentation_bytes;
  const total = excess !== null ? `the ${formatBytes(excess)} of RSS above used_memory` : 'the RSS above used_memory';
  const peak = info.used_memory_peak;
  const used = info.used_memory;
  const pastPeak = peak !== null && used !== null && used > 0 && peak >= 1.5 * used;
  const { allocator_active: active, allocator_allocated: allocated, allocator_frag_bytes: frag } = info;
  const parts: Array<[number | null, string]> = [
    [
      frag,
      `allocator fragmentation (allocator_frag_bytes ${formatBytes(frag)}), the figure defrag acts on, left in place because the start condition above does not hold`,
    ],
    [
      info.allocator_rss_bytes,
      `allocator_rss_bytes (${formatBytes(info.allocator_rss_bytes)}): pages the allocator freed but has not yet returned to the OS${
        pastPeak ? `, likely left from a past peak (used_memory_peak ${formatBytes(peak)})` : ''
      }; MEMORY PURGE may release them, defrag cannot`,
    ],
    [
      info.rss_overhead_bytes,
      `rss_overhead_bytes (${formatBytes(info.rss_overhead_bytes)}): memory outside the allocator (Lua, shared libraries, copy-on-write pages of a fork child), which defrag cannot touch`,
    ],
  ];
  if (smallBinsFrag && active !== null && allocated !== null && frag !== null) {
    const other = active - allocated - frag;
    parts.push([other, `allocator waste outside small bins (${formatBytes(other)}), which defrag does not count since Redis 7.4 / Valkey 8.0`]);
  }
  const known = parts.filter((p): p is [number, string] => p[0] !== null && p[0] > 0).sort((a, b) => b[0] - a[0]);
  // A part that explains under a quarter of the excess explains nothing: the breakdown is missing.
  const top = known[0] && (excess === null || excess <= 0 || known[0][0] >= excess / 4) ? known[0] : undefined;
  if (!top) {
    return `So ${total} is RSS overhead, a past peak, or freed memory not yet returned to the OS${
      pastPeak ? ` (used_memory_peak was ${formatBytes(peak)})` : ''
    }; allocator_rss_bytes and rss_overhead_bytes would tell which.`;
  }
  // "Most" only when it is; otherwise the largest part, so the words match the figures.
  const most = excess !== null && excess > 0 && top[0] > excess / 2;
  return `${most ? 'Most' : 'The largest part'} of ${total} is ${top[1]}.`;
}
