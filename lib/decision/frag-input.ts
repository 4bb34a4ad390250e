import type { SnapshotInfo } from '../snapshot';
import { fragPctFromRatio } from './effort';
import type { EngineTraits } from './version';

/**
 * The fragmentation percent and bytes the server's own decision compares with its thresholds,
 * recomputed from the byte figures INFO prints, in C `float` arithmetic (Math.fround on every
 * operand, as `getAllocatorFragmentation` converts each one before dividing). The two-decimal
 * `allocator_frag_ratio` loses up to half a point, which flips the integer effort near a boundary.
 * Formulas and cites: lib/decision/VERSIONS.md; validated bit-for-bit against gcc on x86-64 in the
 * research note (200,000 cases near integer percents, 0 mismatches).
 */

const f = Math.fround;

export type FragSource =
  /** The decision's exact inputs. */
  | 'bytes'
  /** Redis >= 7.4 without `INFO debug`: the Lua arena approximated by the Lua VMs' own counts. */
  | 'bytes-lua-approx'
  /** No usable byte figures (unknown version, non-jemalloc build): the rounded ratio. */
  | 'ratio';

export interface FragInput {
  /** The C float `frag_pct`, as a JS number. */
  pct: number;
  /** `frag_bytes`, compared with active-defrag-ignore-bytes. */
  bytes: number | null;
  exact: boolean;
  source: FragSource;
  /** Why it is not exact, for the operator. */
  note: string | null;
}

type Info = Pick<
  SnapshotInfo,
  | 'allocator_allocated'
  | 'allocator_active'
  | 'allocator_frag_bytes'
  | 'allocator_frag_ratio'
  | 'allocator_allocated_lua'
  | 'used_memory_vm_eval'
  | 'used_memory_vm_functions'
>;

export function fragInputFromInfo(info: Info, traits: Pick<EngineTraits, 'fragFormula'>, allocator: string | null): FragInput | null {
  const jemalloc = allocator === null || allocator.toLowerCase().startsWith('jemalloc');
  const formula = jemalloc ? traits.fragFormula : null;
  const fromBytes = formula === null ? null : exactFromBytes(info, formula);
  if (fromBytes) return fromBytes;
  const pct = fragPctFromRatio(info.allocator_frag_ratio);
  if (pct === null) return null;
  const why = !jemalloc
    ? `mem_allocator ${allocator} has no allocator byte figures`
    : formula === null
      ? 'the server version is unknown, so its formula is'
      : 'INFO lacks the allocator byte figures';
  return { pct, bytes: info.allocator_frag_bytes, exact: false, source: 'ratio', note: `${why}: computed from the two-decimal allocator_frag_ratio` };
}

function exactFromBytes(info: Info, formula: NonNullable<EngineTraits['fragFormula']>): FragInput | null {
  const { allocator_allocated: allocated, allocator_active: active, allocator_frag_bytes: fragBytes } = info;
  if (allocated === null || allocated <= 0) return null;
  if (formula === 'active-ratio') {
    // Redis 7.0.15 defrag.c:948-949: float frag_pct = ((float)active / allocated)*100 - 100; frag_bytes = active - allocated;
    if (active === null) return null;
    const q = f(f(active) / f(allocated));
    return { pct: f(f(q * 100) - 100), bytes: active - allocated, exact: true, source: 'bytes', note: null };
  }
  if (fragBytes === null) return null;
  if (formula === 'small-bins') {
    // Valkey 8.0.1 defrag.c:765, 9.1.2 allocator_defrag.c:427: (float)frag_smallbins_bytes / allocated * 100
    return { pct: smallBinsPct(fragBytes, allocated), bytes: fragBytes, exact: true, source: 'bytes', note: null };
  }
  // Redis 7.4.2 defrag.c:845-858 (8.6.3 :1213-1230): the Lua arena leaves the denominator; INFO's
  // allocator_frag_bytes already excludes its share (object.c:1165-1169), allocator_allocated does not.
  if (info.allocator_allocated_lua !== null) {
    return { pct: smallBinsPct(fragBytes, allocated - info.allocator_allocated_lua), bytes: fragBytes, exact: true, source: 'bytes', note: null };
  }
  const luaApprox = (info.used_memory_vm_eval ?? 0) + (info.used_memory_vm_functions ?? 0);
  return {
    pct: smallBinsPct(fragBytes, allocated - luaApprox),
    bytes: fragBytes,
    exact: false,
    source: 'bytes-lua-approx',
    note: 'INFO debug (allocator_allocated_lua) is unavailable: the Lua arena is approximated by used_memory_vm_eval + used_memory_vm_functions, so an integer boundary may be off by one',
  };
}

function smallBinsPct(fragBytes: number, allocated: number): number {
  return f(f(f(fragBytes) / f(allocated)) * 100);
}
