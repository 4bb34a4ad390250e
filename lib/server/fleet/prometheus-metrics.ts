import 'server-only';
import { Gauge, Registry } from 'prom-client';
import { decide } from '@/lib/decision';
import type { InfoField, Snapshot } from '@/lib/snapshot';
import { handle } from '../core/handle';
import { getHub } from '../core/hub';
import type { TargetPoller } from '../polling/target-poller';

/**
 * `GET /api/metrics`: Prometheus text exposition of the pollers' latest samples. It never calls
 * Redis: scraping it costs the monitored servers nothing, however often Prometheus comes.
 *
 * Names follow oliver006/redis_exporter (namespace `redis`) where it has the figure, so existing
 * Grafana panels and alert rules keep working with a `target` label; `fragscope_*` series carry
 * what only we know (the decision model's prediction, the probe, sample freshness).
 */
const REDIS_EXPORTER_NAMES: ReadonlyArray<readonly [InfoField, string, string]> = [
  ['used_memory', 'memory_used_bytes', 'used_memory from INFO memory'],
  ['used_memory_rss', 'memory_used_rss_bytes', 'used_memory_rss from INFO memory'],
  ['used_memory_peak', 'memory_used_peak_bytes', 'used_memory_peak from INFO memory'],
  ['used_memory_dataset', 'memory_used_dataset_bytes', 'used_memory_dataset from INFO memory'],
  ['used_memory_overhead', 'memory_used_overhead_bytes', 'used_memory_overhead from INFO memory'],
  ['used_memory_startup', 'memory_used_startup_bytes', 'used_memory_startup from INFO memory'],
  ['maxmemory', 'memory_max_bytes', 'maxmemory from INFO memory'],
  ['mem_fragmentation_ratio', 'mem_fragmentation_ratio', 'RSS / used memory (mem_fragmentation_ratio)'],
  ['mem_fragmentation_bytes', 'mem_fragmentation_bytes', 'RSS minus used memory (mem_fragmentation_bytes)'],
  ['allocator_allocated', 'allocator_allocated_bytes', 'allocator_allocated from INFO memory'],
  ['allocator_active', 'allocator_active_bytes', 'allocator_active from INFO memory'],
  ['allocator_resident', 'allocator_resident_bytes', 'allocator_resident from INFO memory'],
  ['allocator_frag_ratio', 'allocator_frag_ratio', 'allocator_frag_ratio: the fragmentation active defrag acts on'],
  ['allocator_frag_bytes', 'allocator_frag_bytes', 'allocator_frag_bytes: the waste active defrag can reclaim'],
  ['allocator_rss_ratio', 'allocator_rss_ratio', 'allocator_rss_ratio from INFO memory'],
  ['allocator_rss_bytes', 'allocator_rss_bytes', 'allocator_rss_bytes from INFO memory'],
  ['active_defrag_running', 'active_defrag_running', 'active_defrag_running: CPU percent of the running defrag, 0 when idle'],
  ['lazyfree_pending_objects', 'lazyfree_pending_objects', 'lazyfree_pending_objects from INFO memory'],
  ['active_defrag_hits', 'defrag_hits', 'active_defrag_hits from INFO stats'],
  ['active_defrag_misses', 'defrag_misses', 'active_defrag_misses from INFO stats'],
  ['active_defrag_key_hits', 'defrag_key_hits', 'active_defrag_key_hits from INFO stats'],
  ['active_defrag_key_misses', 'defrag_key_misses', 'active_defrag_key_misses from INFO stats'],
  ['loading', 'loading_dump_file', 'loading from INFO persistence'],
  ['rdb_bgsave_in_progress', 'rdb_bgsave_in_progress', 'rdb_bgsave_in_progress from INFO persistence'],
  ['aof_rewrite_in_progress', 'aof_rewrite_in_progress', 'aof_rewrite_in_progress from INFO persistence'],
  ['module_fork_in_progress', 'module_fork_in_progress', 'module_fork_in_progress from INFO persistence'],
];

const VERDICT_CODE = { 'will-not-run': 0, 'will-run': 1, running: 2 } as const;

export function renderMetrics(pollers: Iterable<TargetPoller>, now = Date.now()): Promise<string> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = ['target']) => new Gauge({ name, help, labelNames, registers: [registry] });
  const up = gauge('redis_up', 'Whether the last poll of the target succeeded (1) or not (0)');
  const info = REDIS_EXPORTER_NAMES.map(([field, name, help]) => [field, gauge(`redis_${name}`, help)] as const);
  const age = gauge('fragscope_sample_age_seconds', 'Seconds since the newest good sample of the target');
  const enabled = gauge('fragscope_activedefrag_enabled', 'CONFIG activedefrag: 1 yes, 0 no');
  const supported = gauge('fragscope_defrag_supported', 'Whether this build can defrag (side-effect-free CONFIG SET probe): 1 yes, 0 no');
  const predictedStart = gauge('fragscope_defrag_predicted_start', "The server's own start rule on the newest sample: 1 runs or will run, 0 will not");
  const verdict = gauge('fragscope_defrag_verdict', 'Decision verdict: 0 will not run, 1 will run, 2 running');
  const effort = gauge('fragscope_defrag_predicted_effort_percent', 'Predicted defrag CPU percent from the server formula (an upper bound on Redis 8)');
  const rtt = gauge('fragscope_poll_rtt_seconds', 'Round trip of the last poll');

  for (const poller of pollers) {
    const target = poller.target.id;
    const latest = poller.latest();
    const good = poller.lastOk();
    up.set({ target }, latest?.ok ? 1 : 0);
    if (!good) continue;
    const labels = { target };
    for (const [field, g] of info) setIfKnown(g, labels, good.info[field]);
    age.set(labels, Math.max(0, (now - good.at) / 1000));
    setIfKnown(enabled, labels, good.config.activedefrag === null ? null : Number(good.config.activedefrag));
    setIfKnown(supported, labels, good.derived.defragSupported === null ? null : Number(good.derived.defragSupported));
    setIfKnown(rtt, labels, good.derived.pollRttMs === null ? null : good.derived.pollRttMs / 1000);
    predict(good, labels, { predictedStart, verdict, effort });
  }
  return registry.metrics();
}

function predict(snapshot: Snapshot, labels: { target: string }, g: { predictedStart: Gauge; verdict: Gauge; effort: Gauge }): void {
  const decision = decide(snapshot);
  if (decision.verdict !== 'unknown') {
    g.verdict.set(labels, VERDICT_CODE[decision.verdict]);
    g.predictedStart.set(labels, decision.verdict === 'will-not-run' ? 0 : 1);
  }
  setIfKnown(g.effort, labels, decision.cpuPercent);
}

/** A figure the server does not report is left out, never exported as 0. */
function setIfKnown(g: Gauge, labels: { target: string }, value: number | null | undefined): void {
  if (value !== null && value !== undefined && Number.isFinite(value)) g.set(labels, value);
}

export function metricsResponse(): Promise<Response> {
  return handle(async () => {
    const hub = getHub();
    const body = await renderMetrics(hub.pollers.values());
    return new Response(body, { headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8', 'Cache-Control': 'no-store' } });
  });
}
