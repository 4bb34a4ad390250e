import type { Snapshot } from '../snapshot';
import type { Diagnosis } from './types';
import { compareVersions, parseVersion, type Version } from './version';

/**
 * Known defrag defects keyed on engine, version and allocator. Ranges and references are those the
 * version-traits research note verified (its section 4); where it could not verify a fixed release
 * the text says so rather than guess. Shown with the diagnoses of the decision panel.
 */

type Engine = 'redis' | 'valkey';
type Range = readonly [from: Version, through: Version];

interface Defect {
  id: string;
  engine: Engine;
  /** Inclusive version ranges the defect is known in. */
  ranges: readonly Range[];
  severity: Diagnosis['severity'];
  title: string;
  detail: string;
  advice: string;
  reference: { label: string; url: string };
  /** Extra condition on the snapshot (allocator, figures). */
  applies?: (snapshot: Snapshot) => boolean;
}

const gh = (repo: 'redis/redis' | 'valkey-io/valkey', n: number) => ({
  label: `${repo === 'redis/redis' ? 'redis' : 'valkey'}#${n}`,
  url: `https://github.com/${repo}/issues/${n}`,
});
const ANY_PATCH = 9999;

const DEFECTS: readonly Defect[] = [
  {
    id: 'redis-14092',
    engine: 'redis',
    ranges: [
      [
        [8, 0, 0],
        [8, 0, 2],
      ],
    ],
    severity: 'warn',
    title: 'Known defect: keys with a TTL are never defragmented (db->expires)',
    detail: 'Redis 8.0.0-8.0.2 abort the expires stage of every pass, so the expires table stays fragmented (Debian trixie ships 8.0.2).',
    advice: 'Upgrade to Redis 8.0.3 or later.',
    reference: gh('redis/redis', 14092),
  },
  {
    id: 'redis-14270',
    engine: 'redis',
    ranges: [
      [
        [7, 2, 0],
        [7, 2, ANY_PATCH],
      ],
    ],
    severity: 'warn',
    title: 'Known defect: passes exit early with many expiring keys',
    detail:
      'Redis 7.2 ends its time slice after every expires bucket, so defrag is very slow with many keys that have a TTL. The fix was merged to the 7.2 branch in August 2025; which 7.2 release carries it is not verified (not 7.2.11 or 7.2.12).',
    advice: 'Upgrade to Redis 7.4 or later (never affected), or check your 7.2 release notes for redis#14270.',
    reference: gh('redis/redis', 14270),
  },
  {
    id: 'valkey-7.2-expires-early-exit',
    engine: 'valkey',
    ranges: [
      [
        [7, 2, 0],
        [7, 2, ANY_PATCH],
      ],
    ],
    severity: 'info',
    title: 'Known defect: passes exit early with many expiring keys',
    detail: 'Valkey 7.2 has the same expires-stage code as Redis 7.2 (redis#14270); no Valkey 7.2 fix was found.',
    advice: 'Upgrade to Valkey 8.0 or later.',
    reference: gh('redis/redis', 14270),
  },
  {
    id: 'redis-14319',
    engine: 'redis',
    ranges: [
      [
        [7, 4, 0],
        [7, 4, 5],
      ],
      [
        [8, 0, 0],
        [8, 0, 3],
      ],
      [
        [8, 2, 0],
        [8, 2, 1],
      ],
    ],
    severity: 'error',
    title: 'Known defect: defrag can crash the server around Lua scripts and pub/sub',
    detail:
      'In Redis 7.4.0-7.4.5, 8.0.0-8.0.3 and 8.2.0-8.2.1, defrag while a long script runs can move an LRU node the script still uses, and Lua / pub/sub defrag has a use-after-free (redis#14319, redis#14330).',
    advice: 'Upgrade to 7.4.6, 8.0.4 or 8.2.2 (they also limit defrag while blocked to AOF loading); until then avoid long scripts with activedefrag on.',
    reference: gh('redis/redis', 14319),
  },
  {
    id: 'redis-14081',
    engine: 'redis',
    ranges: [
      [
        [8, 0, 0],
        [8, 0, 1],
      ],
    ],
    severity: 'warn',
    title: 'Known defect: cron timers run twice as fast with activedefrag on',
    detail:
      'Redis 8.0.0-8.0.1 advance cronloops in the defrag timer too, so run_with_period timers (expiry, stats) fire about twice as often while defrag runs.',
    advice: 'Upgrade to Redis 8.0.2 or later.',
    reference: gh('redis/redis', 14081),
  },
  {
    id: 'redis-13315',
    engine: 'redis',
    ranges: [
      [
        [7, 2, 0],
        [7, 2, 5],
      ],
    ],
    severity: 'error',
    title: 'Known defect: toggling activedefrag mid-pass can crash the server',
    detail: 'Redis 7.2.0-7.2.5 crash (defragLaterStep with no db) when activedefrag is switched off and on during a pass over keys with a TTL.',
    advice: 'Upgrade to Redis 7.2.6 or later; until then do not toggle activedefrag while a pass runs.',
    reference: gh('redis/redis', 13315),
  },
  {
    id: 'valkey-883',
    engine: 'valkey',
    ranges: [
      [
        [7, 2, 0],
        [7, 2, 6],
      ],
    ],
    severity: 'error',
    title: 'Known defect: toggling activedefrag mid-pass can crash the server',
    detail: 'Valkey 7.2 shares the Redis 7.2 toggle crash (valkey#883); the fix is believed to be in 7.2.7 (inferred).',
    advice: 'Upgrade to Valkey 7.2.7 or later; until then do not toggle activedefrag while a pass runs.',
    reference: gh('valkey-io/valkey', 883),
  },
  {
    id: 'valkey-8.0.2-crashes',
    engine: 'valkey',
    ranges: [
      [
        [8, 0, 0],
        [8, 0, 1],
      ],
    ],
    severity: 'error',
    title: 'Known defect: defrag crashes when scripts are evicted or FLUSHDB runs mid-pass',
    detail:
      'Valkey 8.0.0-8.0.1 can crash in active defrag when scripts leave the script cache, and corrupt memory when FLUSHDB runs during defrag (Valkey 8.0.2 release notes; not read at the tag).',
    advice: 'Upgrade to Valkey 8.0.2 or later.',
    reference: { label: 'Valkey 8.0.2 release notes', url: 'https://github.com/valkey-io/valkey/releases/tag/8.0.2' },
  },
  {
    id: 'valkey-2656',
    engine: 'valkey',
    ranges: [
      [
        [8, 1, 0],
        [8, 1, 3],
      ],
    ],
    severity: 'warn',
    title: 'Known defect: sparsely filled pages are never defragmented',
    detail: 'Valkey 8.1.0-8.1.3 never pick slabs less than 1/8 full, so defrag "does not stop" and sparse pages keep their RSS.',
    advice: 'Upgrade to Valkey 8.1.4 or later.',
    reference: gh('valkey-io/valkey', 2656),
  },
  {
    id: 'valkey-2348',
    engine: 'valkey',
    ranges: [
      [
        [8, 1, 0],
        [8, 1, 3],
      ],
    ],
    severity: 'error',
    title: 'Known defect: defrag can assert on large allocations',
    detail: 'Valkey 8.1.0-8.1.3 can hit the assertion binind < nbins (allocator_defrag.c) in active defrag.',
    advice: 'Upgrade to Valkey 8.1.4 or later.',
    reference: gh('valkey-io/valkey', 2348),
  },
  {
    id: 'valkey-1585',
    engine: 'valkey',
    ranges: [
      [
        [8, 1, 0],
        [8, 1, 0],
      ],
    ],
    severity: 'warn',
    title: 'Known defect: with a system jemalloc the server asserts at start',
    detail:
      'Valkey 8.1.0 built against a non-vendored jemalloc (e.g. Arch) asserts jemalloc_quantum == 8 in allocator_defrag.c. mem_allocator cannot tell which jemalloc this build uses.',
    advice: 'Upgrade to Valkey 8.1.1 or later (defrag is then compiled only with the vendored jemalloc).',
    reference: gh('valkey-io/valkey', 1585),
    applies: (s) => isJemalloc(s.server.allocator),
  },
];

function isJemalloc(allocator: string | null): boolean {
  return allocator === null || allocator.toLowerCase().startsWith('jemalloc');
}

function inRange(v: Version, [from, through]: Range): boolean {
  return compareVersions(v, from) >= 0 && compareVersions(v, through) <= 0;
}

/** The known defects that apply to this server, as diagnoses. */
export function knownDefects(snapshot: Snapshot): Diagnosis[] {
  const { engine } = snapshot.server;
  const version = parseVersion(snapshot.server.version);
  const out: Diagnosis[] = [];
  if (engine && version) {
    for (const d of DEFECTS) {
      if (d.engine !== engine || !d.ranges.some((r) => inRange(version, r)) || (d.applies && !d.applies(snapshot))) continue;
      out.push({ id: `defect-${d.id}`, severity: d.severity, title: d.title, detail: d.detail, advice: d.advice, reference: d.reference });
    }
  }
  const placeholder = placeholderFigures(snapshot, version);
  if (placeholder) out.push(placeholder);
  return out;
}

/**
 * allocator_* figures that are stand-ins, not jemalloc's (research note 2.3): every non-jemalloc
 * build, and Valkey >= 8.1 linked against a system jemalloc, whose small-bin stub prints
 * allocator_frag_bytes 0 / ratio 1.00 beside real allocated/active figures.
 */
function placeholderFigures(snapshot: Snapshot, version: Version | null): Diagnosis | null {
  const { server, info } = snapshot;
  // Derived from the source (Valkey 9.1.2 allocator_defrag.c:462-487, Redis 8.6.3 zmalloc.c:992-1009), not observed on a running build.
  const reference = {
    label: 'source: allocator_defrag.c / zmalloc.c (derived, not observed)',
    url: 'https://github.com/valkey-io/valkey/blob/unstable/src/allocator_defrag.c',
  };
  if (!isJemalloc(server.allocator)) {
    return {
      id: 'defect-placeholder-allocator-figures',
      severity: 'warn',
      title: 'allocator_* figures are placeholders on this build',
      detail: `mem_allocator is ${server.allocator}: INFO fills allocator_allocated/active/resident from used_memory and RSS (ratio 1.00 and 0 bytes on Redis 7.4+ / Valkey 8+; an RSS ratio, and bytes that can wrap to ~1.8e19, on older servers). They say nothing about allocator fragmentation.`,
      advice: 'Read mem_fragmentation_ratio instead; active defrag needs a jemalloc build.',
      reference,
    };
  }
  const stub =
    server.engine === 'valkey' &&
    version !== null &&
    compareVersions(version, [8, 1, 0]) >= 0 &&
    info.allocator_frag_bytes === 0 &&
    info.allocator_frag_ratio === 1 &&
    info.allocator_active !== null &&
    info.allocator_allocated !== null &&
    info.allocator_active > info.allocator_allocated * 1.05;
  if (!stub) return null;
  return {
    id: 'defect-placeholder-allocator-figures',
    severity: 'warn',
    title: 'allocator_frag_bytes 0 / ratio 1.00 is a placeholder on this build',
    detail: `This Valkey reports allocator_frag_bytes 0 and allocator_frag_ratio 1.00 while allocator_active exceeds allocator_allocated by ${Math.round(((info.allocator_active! - info.allocator_allocated!) / info.allocator_allocated!) * 100)}%: Valkey >= 8.1 built with a system jemalloc (Debian's package) stubs the small-bin figure and cannot defrag.`,
    advice: 'Do not read 1.00 as "no fragmentation". Run a build with the vendored jemalloc to defrag.',
    reference,
  };
}
