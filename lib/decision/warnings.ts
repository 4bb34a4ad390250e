import type { Snapshot, SnapshotConfig, SnapshotInfo } from '../snapshot';
import { TOO_SMALL_BYTES } from './rule-of-thumb';
import { formatBytes } from './units';
import type { EngineTraits } from './version';

const NEEDED_INFO: ReadonlyArray<keyof SnapshotInfo> = [
  'used_memory',
  'mem_fragmentation_ratio',
  'allocator_frag_ratio',
  'allocator_frag_bytes',
  'active_defrag_running',
  'rdb_bgsave_in_progress',
  'aof_rewrite_in_progress',
];
const NEEDED_CONFIG: ReadonlyArray<keyof SnapshotConfig> = [
  'activedefrag',
  'active-defrag-threshold-lower',
  'active-defrag-threshold-upper',
  'active-defrag-ignore-bytes',
  'active-defrag-cycle-min',
  'active-defrag-cycle-max',
];

/** Everything that makes this decision less trustworthy than it looks, one sentence each. */
export function collectWarnings(snapshot: Snapshot, config: SnapshotConfig, traits: EngineTraits, fragPct: number | null): string[] {
  const { info, derived } = snapshot;
  const out: string[] = [];
  if (!snapshot.ok) out.push(`The last sample failed${snapshot.error ? ` (${snapshot.error})` : ''}: these figures may be stale.`);
  else if (derived.connection !== 'connected') out.push(`The connection is ${derived.connection}: these figures are from the last good sample.`);

  if (info.used_memory !== null && info.used_memory < TOO_SMALL_BYTES) {
    out.push(`used_memory is only ${formatBytes(info.used_memory)} (under 5 MiB): the instance is nearly empty and fragmentation ratios are meaningless.`);
  }
  const missing = [...NEEDED_INFO.filter((f) => info[f] === null), ...NEEDED_CONFIG.filter((f) => config[f] === null)];
  if (missing.length > 0) out.push(`Missing from the snapshot: ${missing.join(', ')}; the conditions that need them show "cannot tell".`);

  if (!traits.engine || !traits.version) {
    out.push(
      'The engine or its version is unknown: the per-version rules (what allocator_frag_* counts since Redis 7.4 / Valkey 8.0, lowering effort mid-pass, Redis 8\u2019s effort decay) cannot be applied, so the CPU figure is shown as a ceiling.',
    );
  } else if (traits.atLeast70 === false) {
    const old5 = traits.version[0] < 5 ? ' Before 5.0 INFO has no allocator_* figures at all.' : '';
    out.push(
      `${traits.name} is older than 7.0: INFO lacks total_active_defrag_time and current_active_defrag_time, and the side-effect-free support probe does not work.${old5}`,
    );
  }

  const lower = config['active-defrag-threshold-lower'];
  const upper = config['active-defrag-threshold-upper'];
  const min = config['active-defrag-cycle-min'];
  const max = config['active-defrag-cycle-max'];
  if (lower !== null && upper !== null) {
    if (upper === lower) {
      out.push(
        `threshold-upper equals threshold-lower (${lower}%): Redis divides by zero computing the effort, so the CPU it would use is undefined and unpredictable. Set threshold-upper above threshold-lower.`,
      );
    } else if (upper < lower) {
      out.push(`threshold-upper (${upper}%) is below threshold-lower (${lower}%): Redis accepts it, and defrag then always starts at cycle-min.`);
    }
  }
  if (min !== null && max !== null && min > max) {
    const edge = fragPct !== null && fragPct === lower ? ' (at exactly threshold-lower its clamp returns cycle-max instead)' : '';
    out.push(`cycle-min (${min}%) is above cycle-max (${max}%): Redis accepts it, and defrag then runs at cycle-min${edge}.`);
  }

  const running = info.active_defrag_running ?? 0;
  if (running > 0 && snapshot.config.activedefrag === false) {
    out.push(
      traits.version && traits.version[0] >= 6
        ? `active_defrag_running is ${running} although the config read says activedefrag is no: the config changed between the two reads; the next sample re-reads it.`
        : `active_defrag_running is ${running} although activedefrag is no: a stale value (Redis < 6.0 keeps it after defrag is switched off).`,
    );
  }
  if (running > 0 && derived.defragSupported === false) {
    out.push('INFO shows a defrag pass running, but the support probe said the build cannot defrag: one of the two is wrong; INFO is trusted here.');
  }
  if (derived.parseWarnings.length > 0) {
    out.push(`The INFO parser skipped ${derived.parseWarnings.length} value(s), e.g. ${derived.parseWarnings[0]}.`);
  }
  return out;
}
