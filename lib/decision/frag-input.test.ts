import { describe, expect, it } from 'vitest';
import { emptyInfo, type SnapshotInfo } from '../snapshot';
import { cDefragCpuPercent, defragCpuPercent } from './effort';
import { fragInputFromInfo } from './frag-input';
import { engineTraits } from './version';

/**
 * Vectors printed by a 40-line C harness holding only the expressions quoted from defrag.c
 * (`((float)active / allocated)*100 - 100`, `(float)frag_smallbins / allocated * 100`, INTERPOLATE,
 * `cpu_pct *= decay`, LIMIT), built with gcc 12 -O2 on x86-64 (/tmp/research/harness/h.c of the
 * research note). Columns: formula, a (active or small-bin bytes), allocated, lower, upper, cycle-min,
 * cycle-max, decay, decay used, C's frag_pct printed %.9g (round-trips a float), C's cpu_pct.
 */
const VECTORS: Array<[string, number, number, number, number, number, number, number, number, string, number]> = [
  ['new', 11522171991, 6096386773, 33, 168, 6, 87, 0.0717898011, 0, '189.000015', 87],
  ['new', 16076743853, 6754934651, 28, 75, 7, 78, 0.064610824, 0, '237.999985', 78],
  ['new', 1623675847, 3454630239, 18, 119, 30, 46, 0.531440973, 0, '46.9999924', 34],
  ['old', 60267484404, 17468836171, 26, 196, 22, 11, 0.810000002, 0, '245', 22],
  ['old', 7974520716, 2658173902, 14, 71, 13, 22, 0.228767917, 0, '199.999939', 22],
  ['new', 31038900595, 16961147649, 1, 112, 14, 51, 0.387420475, 0, '183', 51],
  ['old', 30535297214, 19084560735, 45, 167, 1, 63, 0.282429516, 0, '60', 8],
  ['new', 11517660611, 13711500032, 49, 148, 6, 56, 0.064610824, 0, '84', 23],
  ['old', 35726823828, 16093163950, 0, 65, 22, 81, 0.0423911586, 0, '122', 81],
  ['new', 15821478873, 17197260720, 12, 118, 20, 68, 0.205891132, 0, '91.9999924', 56],
  ['old', 13023257730, 7527894837, 5, 114, 30, 69, 0.0717898011, 0, '72.9999847', 54],
  ['new', 9147037196, 6396529538, 6, 184, 11, 1, 0.282429516, 0, '143', 11],
  ['new', 1755747193, 6270522935, 17, 214, 7, 25, 0.0423911586, 0, '28.0000114', 8],
  ['old', 27968306393, 14643092019, 14, 119, 22, 52, 0.109418988, 0, '91.0000153', 44],
  ['old', 8997236293, 2726435525, 6, 105, 14, 36, 0.135085166, 0, '229.999969', 36],
  ['new', 8987766432, 6913666589, 29, 92, 28, 92, 0.282429516, 0, '130', 92],
  ['old', 33767791517, 17961590750, 35, 234, 24, 46, 0.0581497401, 0, '88', 29],
  ['new', 5171517003, 5386996133, 38, 178, 22, 20, 0.0717898011, 0, '96.0000076', 22],
  ['new', 10142654379, 18111884458, 12, 169, 15, 63, 0.728999972, 0, '55.9999924', 28],
  ['new', 16699608193, 8743250234, 15, 39, 18, 55, 0.254186571, 0, '191.000015', 55],
  ['old', 11485745910, 3226333124, 16, 17, 4, 97, 0.150094628, 0, '256', 97],
  ['new', 34247402945, 15855278833, 49, 179, 21, 14, 0.313810587, 0, '216.000015', 21],
  ['new', 26881645214, 9919426305, 1, 136, 4, 16, 0.282429516, 0, '270.999969', 16],
  ['old', 17288279889, 7649681432, 3, 12, 27, 9, 0.047101289, 0, '126', 27],
  ['old', 30011040504, 9407849772, 13, 87, 28, 86, 0.254186571, 1, '219', 48],
  ['new', 16703115996, 7991921765, 19, 100, 13, 93, 1.0, 1, '208.999985', 93],
  ['new', 3465225934, 13860900266, 4, 53, 14, 79, 0.064610824, 1, '25.0000057', 14],
  ['new', 37465137418, 18365263803, 28, 71, 21, 44, 0.109418988, 1, '204', 21],
  ['old', 3559640756, 2617383463, 38, 181, 22, 35, 0.228767917, 1, '35.9999847', 22],
  ['new', 648191432, 5401596887, 19, 207, 30, 4, 0.313810587, 1, '11.9999962', 30],
  ['old', 43705474818, 15665044648, 27, 45, 28, 74, 0.121576652, 1, '179', 50],
  ['old', 52303122464, 16447522504, 26, 204, 7, 13, 0.0523347668, 1, '218', 7],
  ['new', 2074513448, 4509813649, 12, 81, 15, 49, 0.34867844, 1, '45.9999809', 15],
  ['old', 67014274652, 19826708300, 11, 51, 21, 92, 0.228767917, 1, '238', 92],
  ['new', 19285469851, 13486342294, 26, 127, 22, 71, 0.430467188, 1, '143', 33],
  ['old', 4121800978, 1093315942, 31, 228, 24, 77, 0.531440973, 1, '276.999969', 47],
  ['new', 1153433, 1048576, 5, 100, 1, 99, 1, 0, '109.999939', 99],
  ['old', 2202009, 1048576, 5, 100, 1, 99, 1, 0, '109.999939', 99],
  ['new', 104857600, 104857600, 10, 10, 1, 25, 1, 0, '100', 1],
  ['new', 178257920, 120586240, 5, 200, 1, 99, 0.9, 1, '147.82608', 64],
];

const JEMALLOC = 'jemalloc-5.3.0';
const info = (patch: Partial<SnapshotInfo>): SnapshotInfo => ({ ...emptyInfo(), ...patch });

describe('fragInputFromInfo + cDefragCpuPercent match gcc bit for bit', () => {
  it.each(VECTORS)(
    '%s %d/%d lower %d upper %d min %d max %d decay %d (%d) -> %s, %d',
    (kind, a, allocated, lower, upper, cycleMin, cycleMax, decay, useDecay, pct, cpu) => {
      const traits = kind === 'old' ? engineTraits({ engine: 'redis', version: '7.0.15' }) : engineTraits({ engine: 'valkey', version: '8.1.1' });
      const bytes = kind === 'old' ? { allocator_active: a, allocator_frag_bytes: a - allocated } : { allocator_frag_bytes: a };
      const input = fragInputFromInfo(info({ allocator_allocated: allocated, ...bytes }), traits, JEMALLOC)!;
      expect(input.exact).toBe(true);
      expect(input.pct).toBe(Math.fround(Number(pct)));
      const config = { lower, upper, cycleMin, cycleMax };
      expect(cDefragCpuPercent(input.pct, config, useDecay ? Math.fround(decay) : undefined)).toBe(cpu);
    },
  );
});

describe('fragInputFromInfo per version', () => {
  const bytes = { allocator_allocated: 120 * 2 ** 20, allocator_active: 300 * 2 ** 20, allocator_frag_bytes: 100 * 2 ** 20, allocator_frag_ratio: 1.83 };

  it('Redis 7.4+ removes the Lua arena (INFO debug allocator_allocated_lua) from the denominator', () => {
    const traits = engineTraits({ engine: 'redis', version: '8.6.3' });
    const withLua = fragInputFromInfo(info({ ...bytes, allocator_allocated_lua: 20 * 2 ** 20 }), traits, JEMALLOC)!;
    expect(withLua).toMatchObject({ pct: 100, bytes: 100 * 2 ** 20, exact: true, source: 'bytes' });
  });

  it('Redis 7.4+ without INFO debug approximates the arena by the Lua VMs and says it is not exact', () => {
    const traits = engineTraits({ engine: 'redis', version: '7.4.2' });
    const approx = fragInputFromInfo(info({ ...bytes, used_memory_vm_eval: 20 * 2 ** 20 }), traits, JEMALLOC)!;
    expect(approx).toMatchObject({ pct: 100, exact: false, source: 'bytes-lua-approx' });
    expect(approx.note).toContain('INFO debug');
  });

  it('Valkey 8.0+ subtracts nothing (its Lua lives in libc malloc)', () => {
    const traits = engineTraits({ engine: 'valkey', version: '9.1.2' });
    const input = fragInputFromInfo(info({ ...bytes, allocator_allocated_lua: 20 * 2 ** 20 }), traits, JEMALLOC)!;
    expect(input.pct).toBe(Math.fround(Math.fround(Math.fround(100 * 2 ** 20) / Math.fround(120 * 2 ** 20)) * 100));
    expect(input.exact).toBe(true);
  });

  it('Redis 7.0 / 7.2 and Valkey 7.2 use active over allocated, and their frag bytes are the difference', () => {
    for (const [engine, version] of [
      ['redis', '7.2.7'],
      ['valkey', '7.2.7'],
    ] as const) {
      const input = fragInputFromInfo(info(bytes), engineTraits({ engine, version }), JEMALLOC)!;
      expect(input).toMatchObject({ pct: 150, bytes: 180 * 2 ** 20, exact: true });
    }
  });

  it('an unknown version or a libc build falls back to the rounded ratio, marked inexact', () => {
    expect(fragInputFromInfo(info(bytes), engineTraits({ engine: null, version: null }), JEMALLOC)).toMatchObject({ pct: 83, exact: false, source: 'ratio' });
    const libc = fragInputFromInfo(info(bytes), engineTraits({ engine: 'redis', version: '7.0.15' }), 'libc')!;
    expect(libc).toMatchObject({ exact: false, source: 'ratio' });
    expect(libc.note).toContain('libc');
    expect(fragInputFromInfo(info({}), engineTraits({ engine: 'redis', version: '7.0.15' }), JEMALLOC)).toBeNull();
  });

  it('the rounded ratio is one point off where the bytes are not (issue #14: 83.0 vs 82.99)', () => {
    // 0.829999 of allocated: INFO prints 1.83, the server compares 82.9999...
    const allocated = 100_000_000;
    const traits = engineTraits({ engine: 'valkey', version: '8.1.1' });
    const exact = fragInputFromInfo(info({ allocator_allocated: allocated, allocator_frag_bytes: 82_999_900, allocator_frag_ratio: 1.83 }), traits, JEMALLOC)!;
    const config = { lower: 5, upper: 83, cycleMin: 1, cycleMax: 99 };
    expect(defragCpuPercent(exact.pct, config)).toBe(98);
    expect(defragCpuPercent(83, config)).toBe(99);
  });
});

describe('cDefragCpuPercent edge cases (research note section 2.1)', () => {
  it('upper == lower: INT_MIN from the division by zero, clamped to cycle-min (x86-64); the model itself refuses', () => {
    expect(cDefragCpuPercent(50, { lower: 10, upper: 10, cycleMin: 3, cycleMax: 25 })).toBe(3);
    expect(defragCpuPercent(50, { lower: 10, upper: 10, cycleMin: 3, cycleMax: 25 })).toBeNull();
  });

  it('Redis 8 decay multiplies the unclamped interpolation before LIMIT', () => {
    const config = { lower: 10, upper: 100, cycleMin: 1, cycleMax: 25 };
    // 150%: interpolation 38; 0.9^4 = 0.656 is the first decay that shows below cycle-max.
    expect(cDefragCpuPercent(150, config, Math.fround(0.729))).toBe(25);
    expect(cDefragCpuPercent(150, config, Math.fround(Math.fround(0.729) * 0.9))).toBe(24);
  });
});
