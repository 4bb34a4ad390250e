import type { Snapshot, SnapshotConfig, SnapshotInfo } from '../snapshot';
import type { Condition } from './types';
import type { EngineTraits } from './version';
import { formatBytes, formatPercent, formatRatio } from './units';

export interface ConditionContext {
  snapshot: Snapshot;
  /** The snapshot's config with the what-if overrides applied. */
  config: SnapshotConfig;
  overridden: ReadonlySet<keyof SnapshotConfig>;
  traits: EngineTraits;
  /** `active_defrag_running > 0` and not being switched off: a pass is in progress. */
  running: boolean;
  fragPct: number | null;
  fragBytes: number | null;
  /** fragPct is the server's own figure to the bit (frag-input.ts); false when an input was approximated. */
  fragPctExact: boolean;
  /** Why it is approximate (shown in the explanation); null when exact. */
  fragPctNote?: string | null;
}

const WHILE_RUNNING = 'a pass is running and Redis does not re-check the thresholds until its scan ends';

export function evaluateConditions(ctx: ConditionContext): Condition[] {
  return [enabled(ctx), supported(ctx), noForkChild(ctx), fragPct(ctx), fragBytes(ctx)];
}

function whatIf(ctx: ConditionContext, key: keyof SnapshotConfig): string {
  return ctx.overridden.has(key) ? ' (what-if)' : '';
}

function enabled(ctx: ConditionContext): Condition {
  const v = ctx.config.activedefrag;
  const base = { id: 'enabled', label: 'activedefrag enabled', actual: v, threshold: true } as const;
  const w = whatIf(ctx, 'activedefrag');
  if (v === true) return { ...base, pass: true, explanation: `activedefrag is yes${w}.` };
  if (v === false) {
    const stops = ctx.overridden.has('activedefrag') && (ctx.snapshot.info.active_defrag_running ?? 0) > 0;
    const tail = stops ? ': switching it off ends the running pass at once.' : ': nothing starts until CONFIG SET activedefrag yes.';
    return { ...base, pass: false, explanation: `activedefrag is no${w}${tail}` };
  }
  if (ctx.running) {
    return { ...base, pass: true, explanation: 'activedefrag could not be read, but a pass is running, so it is on.' };
  }
  return {
    ...base,
    pass: null,
    explanation: 'activedefrag could not be read: CONFIG GET may be renamed or forbidden (managed services).',
  };
}

function supported(ctx: ConditionContext): Condition {
  const { derived, server, config } = ctx.snapshot;
  const base = { id: 'supported', label: 'build supports active defrag', threshold: true } as const;
  if (derived.defragSupported === true) {
    return { ...base, pass: true, actual: true, explanation: 'The server accepts activedefrag yes (probe).' };
  }
  if (derived.defragSupported === false) {
    const why = derived.defragUnsupportedReason
      ? `The server refuses activedefrag: "${derived.defragUnsupportedReason}"`
      : 'The server refused CONFIG SET activedefrag yes: it was built without Redis\u2019s bundled jemalloc.';
    return { ...base, pass: false, actual: false, explanation: why };
  }
  if (config.activedefrag === true || ctx.running) {
    return { ...base, pass: true, actual: true, explanation: 'activedefrag is already on here, so the build supports it.' };
  }
  if (server.allocator !== null && !server.allocator.toLowerCase().startsWith('jemalloc')) {
    return {
      ...base,
      pass: false,
      actual: false,
      explanation: `mem_allocator is ${server.allocator}: active defrag needs a jemalloc build.`,
    };
  }
  const alloc = server.allocator ? ` mem_allocator ${server.allocator} cannot tell (Debian's packages link the system jemalloc).` : '';
  return {
    ...base,
    pass: null,
    actual: null,
    explanation: `Support was not probed (the probe needs Redis 7.0+ and CONFIG access).${alloc}`,
  };
}

const FORK_FLAGS: ReadonlyArray<[keyof SnapshotInfo, string]> = [
  ['rdb_bgsave_in_progress', 'BGSAVE'],
  ['aof_rewrite_in_progress', 'AOF rewrite'],
  ['module_fork_in_progress', 'module fork'],
  // Valkey >= 9.0 (9.1.2 server.c:862-864, 6356-6377): a slot-migration child also sets child_pid.
  ['slot_migration_fork_in_progress', 'slot migration fork'],
];

function noForkChild(ctx: ConditionContext): Condition {
  const { info, derived } = ctx.snapshot;
  const slot = ctx.traits.slotMigrationForkGate === true;
  const kinds = slot ? 'BGSAVE / AOF rewrite / module fork / slot migration' : 'BGSAVE / AOF rewrite / module fork';
  const base = { id: 'no-fork-child', label: `no fork child (${kinds})`, threshold: 'none' } as const;
  const paused = ctx.running ? '; the running pass is paused until it exits' : '; defrag waits until it exits';
  const active = FORK_FLAGS.filter(([f]) => (info[f] ?? 0) > 0);
  if (active.length > 0) {
    const names = active.map(([, n]) => n).join(' + ');
    const fields = active.map(([f]) => `${f}:${info[f]}`).join(', ');
    return { ...base, pass: false, actual: names, explanation: `A ${names} child is running (${fields})${paused}.` };
  }
  const known = FORK_FLAGS.filter(([f]) => info[f] !== null).length;
  if (known > 0) {
    const none = slot ? 'No BGSAVE, AOF rewrite, module fork or slot migration child is running.' : 'No BGSAVE, AOF rewrite or module fork child is running.';
    return { ...base, pass: true, actual: 'none', explanation: none };
  }
  if (derived.forkChildActive === true) {
    return { ...base, pass: false, actual: 'fork child', explanation: `A fork child is running${paused}.` };
  }
  if (derived.forkChildActive === false) {
    return { ...base, pass: true, actual: 'none', explanation: 'No fork child is running.' };
  }
  return { ...base, pass: null, actual: null, explanation: 'INFO persistence was not read: a fork child cannot be ruled out.' };
}

function fragPct(ctx: ConditionContext): Condition {
  const lower = ctx.config['active-defrag-threshold-lower'];
  const pct = ctx.fragPct;
  const ratio = ctx.snapshot.info.allocator_frag_ratio;
  const base = { id: 'frag-pct', label: 'allocator frag % >= threshold-lower', actual: pct, threshold: lower } as const;
  if (pct === null) return { ...base, pass: null, explanation: 'allocator_frag_ratio and the allocator byte figures are missing from INFO memory.' };
  if (lower === null) return { ...base, pass: null, explanation: 'active-defrag-threshold-lower could not be read.' };
  const pass = pct >= lower;
  const small = ctx.traits.smallBinsFrag ? ', small-bin waste only' : '';
  let line = `Allocator fragmentation ${formatPercent(pct)} (allocator_frag_ratio ${formatRatio(ratio)}${small}) ${pass ? '>=' : '<'} threshold-lower ${formatPercent(lower)}${whatIf(ctx, 'active-defrag-threshold-lower')}`;
  if (!ctx.fragPctExact && ctx.fragPctNote) line += `; approximate: ${ctx.fragPctNote}`;
  if (!ctx.fragPctExact && Math.abs(pct - lower) < 1)
    line += '; an input of the server\u2019s formula is not visible here, so at this edge the server may decide either way';
  if (ctx.running) line += pass ? `; ${WHILE_RUNNING}` : `; ${WHILE_RUNNING}, so it carries on regardless`;
  return { ...base, pass, explanation: `${line}.` };
}

function fragBytes(ctx: ConditionContext): Condition {
  const ignore = ctx.config['active-defrag-ignore-bytes'];
  const bytes = ctx.fragBytes;
  const base = { id: 'frag-bytes', label: 'allocator frag bytes >= ignore-bytes', actual: bytes, threshold: ignore } as const;
  if (bytes === null) return { ...base, pass: null, explanation: 'allocator_frag_bytes is missing from INFO memory.' };
  if (ignore === null) return { ...base, pass: null, explanation: 'active-defrag-ignore-bytes could not be read.' };
  const pass = bytes >= ignore;
  let line = `allocator_frag_bytes ${formatBytes(bytes)} ${pass ? '>=' : '<'} ignore-bytes ${formatBytes(ignore)}${whatIf(ctx, 'active-defrag-ignore-bytes')}`;
  if (ctx.running) line += pass ? `; ${WHILE_RUNNING}` : `; ${WHILE_RUNNING}, so it carries on regardless`;
  return { ...base, pass, explanation: `${line}.` };
}
