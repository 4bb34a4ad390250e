import type { Snapshot } from '../snapshot';
import { diagnoseLatency } from './diagnose-latency';
import { knownDefects } from './known-defects';
import type { Condition, Decision, Diagnosis } from './types';
import { formatBytes, formatPercent } from './units';
import { engineTraits } from './version';

const BUILD_ADVICE =
  'Run a server built from the upstream source with its bundled jemalloc (Debian/Ubuntu packages link the system jemalloc and cannot defrag); in this project: npm run lab -- build.';

/** Troubleshooting items this one snapshot supports, most severe first. */
export function diagnose(snapshot: Snapshot, decision: Decision): Diagnosis[] {
  const out: Diagnosis[] = [];
  const { info } = snapshot;
  const { config } = decision;
  const traits = engineTraits(snapshot.server);
  const byId = (id: Condition['id']) => decision.conditions.find((c) => c.id === id);
  const thresholdsMet = byId('frag-pct')?.pass === true && byId('frag-bytes')?.pass === true;

  if (decision.verdict !== 'running') {
    for (const c of decision.conditions) {
      if (c.pass === false) out.push(notStarting(c, thresholdsMet, traits.smallBinsFrag === true));
      if (c.pass === null)
        out.push({ id: `unknown-${c.id}`, severity: 'info', title: `Cannot tell: ${c.label}`, detail: c.explanation, advice: UNKNOWN_ADVICE[c.id] });
    }
  }

  const fork = byId('no-fork-child');
  if (decision.verdict === 'running' && fork?.pass === false) {
    out.push({
      id: 'running-paused',
      severity: 'info',
      title: 'Defrag pass paused by a fork child',
      detail: fork.explanation,
      advice: 'Nothing to do: the pass resumes once the child exits.',
    });
  }

  const hits = info.active_defrag_hits;
  const misses = info.active_defrag_misses;
  if (decision.verdict === 'running' && hits !== null && misses !== null && hits + misses > 0 && misses > hits) {
    const share = (hits / (hits + misses)) * 100;
    const scan = config['active-defrag-max-scan-fields'];
    out.push({
      id: 'misses-dominate',
      severity: share < 1 ? 'warn' : 'info',
      title: 'Defrag running, but mostly scanning without moving anything',
      detail: `active_defrag_misses ${misses} vs hits ${hits} (${formatPercent(share)} of scanned allocations moved). The counters add up since start-up or CONFIG RESETSTAT, so they may include earlier passes.`,
      advice: `Watch allocator_frag_ratio over a few samples: if it does not fall, the remaining waste is not movable. Hint only: collections with more than active-defrag-max-scan-fields (${scan ?? 'unknown'}) elements are deferred to the end of the pass.`,
    });
  }

  const min = config['active-defrag-cycle-min'];
  const max = config['active-defrag-cycle-max'];
  const current = decision.currentCpuPercent;
  if (decision.verdict === 'running' && min !== null && max !== null && min < max && current !== null && current >= max) {
    const midPass =
      traits.midPassLowering === true
        ? `On ${traits.name} a lower value takes effect mid-pass.`
        : traits.midPassLowering === false
          ? `On ${traits.name} a running pass ignores a lower value: set it, then CONFIG SET activedefrag no and yes again.`
          : 'From Redis 7.4 / Valkey 8.0 a lower value takes effect mid-pass; before that, set it, then activedefrag no and yes again.';
    out.push({
      id: 'pinned-cycle-max',
      severity: 'warn',
      title: `Defrag effort pinned at cycle-max (${current}% CPU)`,
      detail: `active_defrag_running ${current} >= active-defrag-cycle-max ${max}: the server spends up to ${current}% of its main thread on defrag.`,
      advice: `If latency suffers, lower active-defrag-cycle-max. ${midPass}`,
    });
  }

  const lower = config['active-defrag-threshold-lower'];
  const upper = config['active-defrag-threshold-upper'];
  if (lower !== null && upper !== null && upper === lower) {
    out.push({
      id: 'thresholds-equal',
      severity: 'error',
      title: 'threshold-upper equals threshold-lower',
      detail: `Both are ${lower}%: the effort formula divides by zero inside Redis, so the CPU defrag would use is undefined.`,
      advice: 'Set active-defrag-threshold-upper above active-defrag-threshold-lower (default 10 / 100).',
    });
  }
  out.push(...diagnoseLatency(snapshot, decision));
  out.push(...knownDefects(snapshot));
  return out.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

const RANK = { error: 0, warn: 1, info: 2 } as const;

const UNKNOWN_ADVICE: Record<Condition['id'], string> = {
  enabled: 'Allow CONFIG GET (or its renamed command) for the dashboard user.',
  supported: 'Reconnect to a Redis 7.0+ / Valkey server with CONFIG allowed so the probe can run.',
  'no-fork-child': 'Make sure the sample reads INFO persistence.',
  'frag-pct': 'Make sure the sample reads INFO memory and CONFIG GET active*.',
  'frag-bytes': 'Make sure the sample reads INFO memory and CONFIG GET active*.',
};

function notStarting(c: Condition, thresholdsMet: boolean, smallBins: boolean): Diagnosis {
  const id = `not-starting-${c.id}`;
  switch (c.id) {
    case 'enabled':
      return {
        id,
        severity: thresholdsMet ? 'warn' : 'info',
        title: 'Defrag not starting: activedefrag is off',
        detail: `${c.explanation}${thresholdsMet ? ' The fragmentation thresholds are met, so it would start.' : ''}`,
        advice: 'CONFIG SET activedefrag yes (the build must support it).',
      };
    case 'supported':
      return { id, severity: 'error', title: 'Defrag not starting: this build cannot defrag', detail: c.explanation, advice: BUILD_ADVICE };
    case 'no-fork-child':
      return {
        id,
        severity: 'info',
        title: 'Defrag paused: a fork child is running',
        detail: c.explanation,
        advice: 'Nothing to do: defrag is checked again once the child exits.',
      };
    case 'frag-pct':
      return {
        id,
        severity: 'info',
        title: 'Defrag not starting: allocator fragmentation below threshold-lower',
        detail: `${c.explanation}${smallBins ? ' Since Redis 7.4 / Valkey 8.0 this figure counts small-bin waste only, so it reads lower than on older servers.' : ''}`,
        advice: `Nothing to do: the server sees little to defragment (it would start only with active-defrag-threshold-lower at or below ${formatPercent(typeof c.actual === 'number' ? Math.floor(c.actual) : null)}). A high RSS ratio with low allocator fragmentation is not something defrag fixes.`,
      };
    case 'frag-bytes':
      return {
        id,
        severity: 'info',
        title: 'Defrag not starting: fragmented bytes below ignore-bytes',
        detail: c.explanation,
        advice: `If reclaiming about ${formatBytes(typeof c.actual === 'number' ? c.actual : null)} is worth the CPU, set active-defrag-ignore-bytes at or below that${ignoreBytesExample(c.actual)}.`,
      };
  }
}

/** " (e.g. 117mb)": a value Redis accepts, rounded down so it stays "at or below"; never a raw byte count. */
function ignoreBytesExample(actual: unknown): string {
  if (typeof actual !== 'number' || actual < 1024) return '';
  const [unit, size] = actual >= 1024 * 1024 ? ['mb', 1024 * 1024] : ['kb', 1024];
  return ` (e.g. ${Math.floor(actual / size)}${unit})`;
}
