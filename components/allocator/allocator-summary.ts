import type { AllocatorAnatomy, AllocatorBin } from '@/lib/allocator/api-schema';
import { formatBytes } from '@/lib/format';

/** How the small bins' sum relates to INFO's allocator_frag_bytes on this version, in one sentence. */
export function reconciliation(anatomy: AllocatorAnatomy): string {
  const info = anatomy.infoFragBytes;
  if (info === null) return 'INFO memory has no allocator_frag_bytes on this server.';
  const sum = anatomy.smallBinsWastedBytes;
  const gap = info === 0 ? 0 : ((sum - info) / info) * 100;
  const gapText = `${Math.abs(gap) < 0.05 ? 'the same' : `${gap > 0 ? '+' : '−'}${Math.abs(gap).toFixed(1)} %`}`;
  const apart = anatomy.arenas.filter((a) => a.excluded !== null);
  const lua =
    apart.length > 0
      ? ` The Lua arena (${formatBytes(apart.reduce((t, a) => t + a.smallBinsWastedBytes, 0))} of free regions) is left out, as INFO leaves it out.`
      : '';
  switch (anatomy.infoFragMeaning) {
    case 'small-bins':
      return `Small-bin waste ${formatBytes(sum)} against INFO allocator_frag_bytes ${formatBytes(info)} (${gapText}): on this version both are the free regions of the small bins, read a moment apart.${lua}`;
    case 'active-minus-allocated':
      return `Small-bin waste ${formatBytes(sum)} against INFO allocator_frag_bytes ${formatBytes(info)} (${gapText}): before Redis 7.4 / Valkey 8.0, INFO counts allocator_active − allocator_allocated, which also holds the page padding of large allocations, so it is a little larger.`;
    default:
      return `Small-bin waste ${formatBytes(sum)}; INFO allocator_frag_bytes ${formatBytes(info)} (server version unknown, so what INFO counts is not known).`;
  }
}

/** What active defrag can and cannot reclaim, from the figures. */
export function reclaimable(anatomy: AllocatorAnatomy): { label: string; bytes: number; defrag: boolean; why: string }[] {
  return [
    {
      label: 'Free regions in small-bin slabs',
      bytes: anatomy.smallBinsWastedBytes,
      defrag: true,
      why: 'active defrag moves live regions out of sparse slabs so whole slabs can be freed',
    },
    {
      label: 'Large allocations',
      bytes: anatomy.large.allocatedBytes,
      defrag: false,
      why: 'defrag never moves allocations above the largest bin; their page padding stays until they are freed',
    },
    {
      label: 'Dirty pages',
      bytes: anatomy.dirtyBytes,
      defrag: false,
      why: 'freed pages not yet returned to the OS: jemalloc purges them after dirty_decay_ms (MEMORY PURGE does it at once)',
    },
    { label: 'Muzzy pages', bytes: anatomy.muzzyBytes, defrag: false, why: 'pages advised away lazily; the OS takes them back under pressure' },
  ];
}

export interface BinChange {
  size: number;
  before: number;
  after: number;
}

/** Waste per size class in two reads (e.g. before and after a run), largest change first. */
export function binChanges(before: readonly AllocatorBin[], after: readonly AllocatorBin[]): BinChange[] {
  const sizes = [...new Set([...before, ...after].map((b) => b.size))];
  const waste = (bins: readonly AllocatorBin[], size: number) => bins.find((b) => b.size === size)?.wastedBytes ?? 0;
  return sizes
    .map((size) => ({ size, before: waste(before, size), after: waste(after, size) }))
    .filter((c) => c.before !== 0 || c.after !== 0)
    .sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before));
}
