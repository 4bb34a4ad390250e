/**
 * 5. Replicas and Prometheus (issue 18). Two dashboards share a state Redis and watch 200 targets
 * (10 Debian redis-servers x 20 targets) at 1 Hz with FRAGSCOPE_HISTORY_HOURS=1: each replica's
 * polled targets, the histories it holds and their bytes (from /api/health: HistoryStore.byteSize)
 * and its RSS; the state Redis's used_memory for the saved chunks. A real Prometheus (Debian's)
 * scrapes one replica every 5 s meanwhile; then the long-range request time: `/history` over the
 * last 30 days (and 7 days) of one target, answered from Prometheus, median of 5.
 */
import Redis from 'ioredis';
import type { AppProcess } from '../harness/app-process';
import { freePort } from '../harness/free-port';
import { startPrometheus } from '../harness/prometheus-process';
import { CpuMeter, treeRssBytes } from '../harness/procfs';
import { startRedis } from '../harness/redis-process';
import type { Report } from './report';
import type { Scope } from './scope';
import { debianBinary, startDashboard, startServer } from './servers';
import { fmt, median, sleep } from './stats';

const MiB = 1024 * 1024;
const DAY = 24 * 3_600_000;

interface Health {
  targets: { id: string; polls: number; connected: boolean }[];
  replica: { id: string; polls: string[]; holdsHistory: string[]; historyBytes: number } | null;
}

const health = async (app: AppProcess) => (await (await fetch(`${app.url}/api/health`)).json()) as Health;

export async function measureReplicas(report: Report, parent: Scope, options = { servers: 10, perServer: 20, windowSeconds: 60 }): Promise<void> {
  const scope = parent.child();
  try {
    const { servers: nServers, perServer, windowSeconds } = options;
    const total = nServers * perServer;
    const binary = debianBinary();
    const servers = await Promise.all(Array.from({ length: nServers }, (_, i) => startServer(scope, binary, `replicas-${i}`)));
    const state = await startRedis({ binary: binary.binary });
    scope.defer(`state redis (pid ${state.child.pid})`, () => state.kill());
    const stateClient = new Redis(state.url);
    scope.defer('state client', () => stateClient.disconnect());
    const targets = servers.flatMap((s, i) => Array.from({ length: perServer }, (_, j) => `fleet-${i}-${j}=${s.url}`));
    // Prometheus's address goes into the dashboards' environment; it starts once replica A listens.
    const prometheusPort = await freePort();
    const env = {
      FRAGSCOPE_TARGETS: targets.join(','),
      FRAGSCOPE_POLL_MS: '1000',
      FRAGSCOPE_HISTORY_HOURS: '1',
      FRAGSCOPE_STATE_REDIS_URL: state.url,
      FRAGSCOPE_PROMETHEUS_URL: `http://127.0.0.1:${prometheusPort}`,
    };
    const a = await startDashboard(scope, env, 'replica-a');
    const b = await startDashboard(scope, env, 'replica-b');
    const prometheus = await startPrometheus({ targets: [`127.0.0.1:${a.port}`], scrapeIntervalS: 5, port: prometheusPort });
    scope.defer('prometheus', () => prometheus.kill());

    const deadline = Date.now() + 90_000;
    for (;;) {
      const [ha, hb] = await Promise.all([health(a), health(b)]);
      const polled = new Set([...(ha.replica?.polls ?? []), ...(hb.replica?.polls ?? [])]);
      if (polled.size === total && ha.targets.every((t) => t.connected)) break;
      if (Date.now() > deadline) throw new Error(`replicas warm-up: ${polled.size}/${total} targets polled after 90 s`);
      await sleep(1000);
    }
    const scrapeFrom = Date.now();
    const cpu = [new CpuMeter(a.child.pid!), new CpuMeter(b.child.pid!)];
    await sleep(windowSeconds * 1000);
    const cpuPercent = cpu.map((m) => m.stop().percentOfCore);
    const [ha, hb] = await Promise.all([health(a), health(b)]);
    const stateBytes = Number(/used_memory:(\d+)/.exec(await stateClient.info('memory'))?.[1] ?? 0);
    const historyKeys = (await stateClient.keys('fragscope:history:*')).length;
    const sides = [
      { name: 'A', h: ha, rss: treeRssBytes(a.child.pid!), cpu: cpuPercent[0]! },
      { name: 'B', h: hb, rss: treeRssBytes(b.child.pid!), cpu: cpuPercent[1]! },
    ];
    report.detail('replicas', {
      targets: total,
      windowSeconds,
      replicas: sides.map((s) => ({
        polls: s.h.replica?.polls.length,
        holdsHistory: s.h.replica?.holdsHistory.length,
        historyBytes: s.h.replica?.historyBytes,
        rssBytes: s.rss,
        cpuPercent: s.cpu,
      })),
      stateRedisUsedMemory: stateBytes,
      historyKeys,
    });
    const split = sides
      .map(
        (s) =>
          `${s.name}: polls ${s.h.replica?.polls.length}, holds ${s.h.replica?.holdsHistory.length} histories, ${((s.h.replica?.historyBytes ?? 0) / MiB).toFixed(0)} MiB, RSS ${(s.rss / MiB).toFixed(0)} MiB, CPU ${fmt(s.cpu, 1)} % of a core`,
      )
      .join('; ');
    report.add(
      'replicas_history_split',
      'two replicas, 200 targets: history held by each',
      ha.replica?.historyBytes ?? 0,
      'bytes',
      `${split} (FRAGSCOPE_HISTORY_HOURS=1)`,
    );
    report.add(
      'replicas_state_redis_bytes',
      'two replicas: saved history in the state Redis',
      stateBytes,
      'bytes',
      `${(stateBytes / MiB).toFixed(1)} MiB used_memory after ${windowSeconds + 10} s or so of 200 targets (${historyKeys} keys)`,
    );

    // Long range: answered from Prometheus (this app holds at most 7 days), one target.
    const timeRange = async (spanMs: number) => {
      const times: number[] = [];
      let points = 0;
      let source = '';
      for (let i = 0; i < 5; i++) {
        const to = Date.now();
        const t0 = performance.now();
        const response = await fetch(`${b.url}/api/targets/fleet-0-0/history?from=${to - spanMs}&to=${to}&points=800`);
        const body = (await response.json()) as { t?: number[]; source?: string; error?: { message: string } };
        times.push(performance.now() - t0);
        if (!response.ok) throw new Error(`long range: ${response.status} ${body.error?.message}`);
        points = body.t!.length;
        source = body.source ?? 'memory';
      }
      return { ms: median(times), points, source };
    };
    const d30 = await timeRange(30 * DAY);
    const d7 = await timeRange(7 * DAY);
    const covered = Math.round((Date.now() - scrapeFrom) / 1000);
    report.add(
      'prometheus_long_range_ms',
      'long-range history request (30 d, from Prometheus)',
      d30.ms,
      'ms',
      `${fmt(d30.ms, 1)} ms median of 5 for 30 d (${d30.points} points, source ${d30.source}); 7 d: ${fmt(d7.ms, 1)} ms. Prometheus held ~${covered} s of scrapes (every 5 s) of 200 targets; each request is one query_range per series (19 series)`,
    );
  } finally {
    await scope.closeAll();
  }
}
